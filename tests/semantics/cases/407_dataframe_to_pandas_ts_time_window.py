# csp.DataFrame.to_pandas_ts with a timedelta window, waiting for every column.
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

def g():
    df = csp.DataFrame(dict(zip("ab", edges())))
    return df.to_pandas_ts(csp.timer(timedelta(seconds=2)), timedelta(seconds=1))


for t, frame in csp.run(g, starttime=ST, endtime=at(6))[0]:
    print(t)
    print(frame)
    print(frame.dtypes.tolist(), frame.index.dtype)
