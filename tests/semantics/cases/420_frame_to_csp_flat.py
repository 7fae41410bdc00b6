# frame.to_csp on DatetimeIndex data: a dict of one edge per column, types per column.
import pandas as pd

import csp
from inputs.pandas_inputs import ST, at


idx = pd.DatetimeIndex([at(0), at(1), at(1), at(3)])
data = pd.DataFrame({"sym": ["A", "B", "A", "B"], "px": [1.0, 2.0, 3.0, 4.0], "q": [1, 2, 3, 4],
                     "flag": [True, False, True, False]}, index=idx)
res = csp.run(lambda: data.to_csp(), starttime=ST, endtime=at(5))
for k in res:
    print(k, res[k])
