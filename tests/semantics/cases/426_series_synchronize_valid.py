# series.csp.synchronize (ticks within a threshold output together) and series.csp.valid.
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

x = csp.curve(float, [(at(0), 1.0), (at(1), 2.0), (at(1.5), 2.5), (at(4), 4.0)])
y = csp.curve(float, [(at(0.5), 10.0), (at(3), 30.0), (at(4.2), 42.0)])
s = pd.Series([x, y], index=["x", "y"], dtype=TsDtype(float))
print(s.csp.synchronize(timedelta(seconds=1)).csp.run(ST, at(6)))
valid = s.csp.valid()
print(csp.run(lambda: valid, starttime=ST, endtime=at(6)))
