# series.csp.sample on a timer interval and on an edge.
from datetime import timedelta

import pandas as pd

import csp
from inputs.pandas_inputs import ST, at, ts_series


s = ts_series()
print(s.csp.sample(timedelta(seconds=2)).csp.run(ST, at(5)))
print(s.csp.sample(pd.Timedelta(seconds=3)).csp.run(ST, at(5)))
print(s.csp.sample(csp.timer(timedelta(seconds=4))).csp.run(ST, at(5)))
