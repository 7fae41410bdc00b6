# csp.DataFrame.to_pandas when every column ticks at the same times.
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
from csp.impl.pandas_ext_type import TsDtype


def ts_series():
    a, b = edges()
    return pd.Series([a, b * 1.0], index=["x", "y"], dtype=TsDtype(float))

n = csp.count(csp.timer(timedelta(seconds=1)))
df = csp.DataFrame({"n": n, "half": n / 2, "odd": n % 2 == 1, "t": csp.times(n)})
frame = df.to_pandas(ST, at(4))
print(frame)
print(frame.dtypes)
print(frame.index)
