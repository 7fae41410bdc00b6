# csp.DataFrame columns: access, selection, assignment, repr and str.
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
df = csp.DataFrame({"a": a, "b": b})
print(df.columns, repr(df))
print(df)
print(df["a"] is a, df.b is b, df[["b"]].columns)
df["c"] = a * 2
df[["d", "e"]] = [b, a]
print(df.columns)
try:
    df["zz"]
except KeyError as e:
    print("KeyError", e)
print(df.to_pandas(ST, at(5)))
