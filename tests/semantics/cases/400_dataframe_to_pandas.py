# csp.DataFrame.to_pandas: one row per tick time, NaN where a column did not tick.
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

frame = csp.DataFrame(dict(zip("ab", edges()))).to_pandas(ST, at(5))
print(frame)
print(frame.dtypes)
print(frame.index)
