# frame.to_csp on (symbol, time) data: a frame of edges per symbol, other columns aggregated.
import pandas as pd

import csp
from inputs.pandas_inputs import ST, at


idx = pd.DatetimeIndex([at(0), at(1), at(1), at(3)])
data = pd.DataFrame({"sym": ["A", "B", "A", "B"], "px": [1.0, 2.0, 3.0, 4.0], "q": [1, 2, 3, 4]}, index=idx)
by_sym = data.reset_index().rename(columns={"index": "t"}).set_index(["sym", "t"])
edges_frame = by_sym.to_csp()
print(edges_frame.dtypes)
print(edges_frame.csp.run(ST, at(5)))
part = by_sym.to_csp(columns=["px"])
print(part["q"].tolist(), part.dtypes.tolist())
print(part.csp.run(ST, at(5)))
print(by_sym["px"].to_csp().csp.run(ST, at(5)))
