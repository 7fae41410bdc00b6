# series.csp.flatten: struct edges to one column per field, nested fields too.
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

class Quote(csp.Struct):
    bid: float
    ask: float


class Book(csp.Struct):
    top: Quote
    n: int


book = csp.curve(Book, [(at(1), Book(top=Quote(bid=1.0, ask=2.0), n=3)), (at(2), Book(top=Quote(bid=1.5, ask=2.5), n=4))])
s = pd.Series([book], index=["b"], name="bk", dtype=TsDtype(Book))
flat = s.csp.flatten()
print(list(flat.columns), flat.dtypes.tolist())
print(flat.csp.run(ST, at(5)))
print(list(s.csp.flatten(prepend_name=False, recursive=False).columns))
