# series.csp.sample on a timer interval and on an edge.
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

s = ts_series()
print(s.csp.sample(timedelta(seconds=2)).csp.run(ST, at(5)))
print(s.csp.sample(pd.Timedelta(seconds=3)).csp.run(ST, at(5)))
print(s.csp.sample(csp.timer(timedelta(seconds=4))).csp.run(ST, at(5)))
