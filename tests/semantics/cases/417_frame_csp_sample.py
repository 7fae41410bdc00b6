# frame.csp.sample samples every edge column.
from datetime import timedelta

import pandas as pd

import csp
from inputs.pandas_inputs import ST, at, ts_series


frame = pd.DataFrame({"ts": ts_series(), "static": [1, 2]})
print(frame.csp.sample(timedelta(seconds=2)).csp.run(ST, at(5)))
frame.csp.sample(timedelta(seconds=3), inplace=True)
print(frame.csp.run(ST, at(5)))
