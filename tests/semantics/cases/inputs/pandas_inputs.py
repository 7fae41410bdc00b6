"""Inputs shared by the pandas cases (400-426): a start time and two curves."""

from datetime import datetime, timedelta

import pandas as pd

import csp
import csp.impl.pandas_accessor  # noqa: F401 - registers the .csp / .to_csp accessors
from csp.impl.pandas_ext_type import TsDtype

ST = datetime(2022, 1, 1)


def at(s):
    return ST + timedelta(seconds=s)


def edges():
    """a: ts[float] ticking at 0, 1, 3 s; b: ts[int] ticking at 1, 2 s."""
    a = csp.curve(float, [(at(0), 1.0), (at(1), 2.0), (at(3), 3.0)])
    b = csp.curve(int, [(at(1), 10), (at(2), 20)])
    return a, b


def ts_series():
    """A ts[float] Series of a and b * 1.0, indexed x, y."""
    a, b = edges()
    return pd.Series([a, b * 1.0], index=["x", "y"], dtype=TsDtype(float))
