# A Series of edges with missing elements, astype to another ts type.
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

a, b = edges()
s = pd.Series([a, None, b * 1.0], index=["x", "m", "y"], dtype=TsDtype(float))
print(s.isna().tolist(), s.dtype, s.dtype.na_value)
print(s.csp.run(ST, at(5)))
cast = s.dropna().astype(TsDtype(int))
print(cast.dtype)
print(cast.csp.run(ST, at(5)))
print(pd.Series([a], dtype="ts[float]").dtype)
