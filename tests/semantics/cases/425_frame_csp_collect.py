# frame.csp.collect: the edge columns of each row as one struct edge.
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

frame = pd.DataFrame({"bid": ts_series(), "ask": ts_series() + 1, "k": [1, 2]})
collected = frame.csp.collect()
print(collected.dtype.subtype.metadata())
for label in collected.index:
    res = csp.run(lambda: collected[label], starttime=ST, endtime=at(5))[0]
    print(label, [(t, v.bid, v.ask) for t, v in res])
