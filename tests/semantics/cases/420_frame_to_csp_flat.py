# frame.to_csp on DatetimeIndex data: a dict of one edge per column, types per column.
from datetime import datetime, timedelta

import pandas as pd

import csp

ST = datetime(2022, 1, 1)


def at(s):
    return ST + timedelta(seconds=s)


def edges():
    a = csp.curve(float, [(at(0), 1.0), (at(1), 2.0), (at(3), 3.0)])
    b = csp.curve(int, [(at(1), 10), (at(2), 20)])
    return a, b

import csp.impl.pandas_accessor  # noqa: F401
idx = pd.DatetimeIndex([at(0), at(1), at(1), at(3)])
data = pd.DataFrame({"sym": ["A", "B", "A", "B"], "px": [1.0, 2.0, 3.0, 4.0], "q": [1, 2, 3, 4],
                     "flag": [True, False, True, False]}, index=idx)
res = csp.run(lambda: data.to_csp(), starttime=ST, endtime=at(5))
for k in res:
    print(k, res[k])
