# make_pandas with wait_all_valid: no frame before every column is valid; keys of any type.
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

from csp.impl.pandas import make_pandas
def g():
    late = csp.curve(float, [(at(3), 3.0)])
    early = csp.count(csp.timer(timedelta(seconds=1)))
    return {"wait": make_pandas(csp.timer(timedelta(seconds=1)), {("x", 1): late, "n": early}, 5),
            "nowait": make_pandas(csp.timer(timedelta(seconds=1)), {"late": late}, 5, wait_all_valid=False)}


res = csp.run(g, starttime=ST, endtime=at(4))
for key in ("wait", "nowait"):
    for t, frame in res[key]:
        print(key, t)
        print(frame)
