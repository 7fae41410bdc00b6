# csp.DataFrame arithmetic with a scalar applies to every column.
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

df = csp.DataFrame(dict(zip("ab", edges())))
for name, f in [("add", df + 1), ("sub", df - 1), ("mul", df * 3), ("div", df / 2), ("pow", df ** 2), ("floordiv", df // 3)]:
    print(name)
    print(f.to_pandas(ST, at(5)))
