# set_buffering_policy with tick_history (time window) and time-based value_at / values_at.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def window(x: ts[int]) -> ts[str]:
    with csp.start():
        csp.set_buffering_policy(x, tick_history=timedelta(seconds=3))
    last3 = csp.values_at(x, timedelta(seconds=-3), timedelta(0))
    at2 = csp.value_at(x, timedelta(seconds=-2), default=-1)
    return f"last3s={last3.tolist()} value_2s_ago={at2}"


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 7)])
    csp.print("w", window(x))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
