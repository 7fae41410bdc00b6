# series.to_csp: DatetimeIndex data to an edge, the last value per time, drop_na.
import numpy as np
import pandas as pd

import csp
from inputs.pandas_inputs import ST, at


idx = pd.DatetimeIndex([at(0), at(1), at(1), at(3)])
data = pd.Series([1.0, 2.0, np.nan, 4.0], index=idx, name="px")
print(csp.run(lambda: data.to_csp(), starttime=ST, endtime=at(5)))
print(csp.run(lambda: data.to_csp(drop_na=True), starttime=ST, endtime=at(5)))
ints = pd.Series([1, 2, 3], index=pd.DatetimeIndex([at(1), at(2), at(2)]))
print(csp.run(lambda: ints.to_csp(), starttime=ST, endtime=at(5)))
try:
    pd.Series([1.0]).to_csp()
except TypeError as e:
    print("TypeError", e)
