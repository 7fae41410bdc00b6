# csp.DataFrame arithmetic with another frame works column by column; missing columns are an error.
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
print((df + df).to_pandas(ST, at(5)))
print((df * df - df).to_pandas(ST, at(5)))
try:
    df + csp.DataFrame({"a": a})
except ValueError as e:
    print("ValueError", e)
