# make_pandas with tindex: rows at the tindex ticks, values as of then.
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
    a, b = edges()
    return make_pandas(csp.timer(timedelta(seconds=2)), {"a": a, "b": b}, 3, tindex=csp.count(a), wait_all_valid=False)


for t, frame in csp.run(g, starttime=ST, endtime=at(6))[0]:
    print(t)
    print(frame)
