# frame.csp.run: edge columns run, static columns repeated on every row.
import pandas as pd

import csp
from inputs.pandas_inputs import ST, at, ts_series


frame = pd.DataFrame({"ts": ts_series(), "static": [1, 2], "name": ["p", "q"]})
print(frame.dtypes)
print(frame.csp.static_frame())
print(frame.csp.run(ST, at(5)))
two = pd.DataFrame({"u": ts_series(), "v": ts_series() * 2})
print(two.csp.run(ST, at(5)))
