# csp.DataFrame.to_pandas with str, bool, int and datetime columns.
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

a, b = edges()
s = csp.curve(str, [(at(1), "x"), (at(2), "y")])
t = csp.curve(datetime, [(at(2), at(9))])
frame = csp.DataFrame({"s": s, "flag": a > 1.5, "b": b, "t": t}).to_pandas(ST, at(5))
print(frame)
print(frame.dtypes)
only = csp.DataFrame({"b": b, "flag": b > 15}).to_pandas(ST, at(5))
print(only)
print(only.dtypes)
