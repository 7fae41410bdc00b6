# Zero-delay alarms are NON_COLLAPSING: the 1/2/3 worked example, all at the same engine time.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def ticks_n_times(x: ts[int], n: int) -> ts[int]:
    with csp.alarms():
        a = csp.alarm(int)
    if csp.ticked(x):
        for i in range(n):
            csp.schedule_alarm(a, timedelta(0), i + 1)
    if csp.ticked(a):
        return a


@csp.graph
def g():
    x = csp.const(1)
    csp.print("ticks_once", ticks_n_times(x, 1))
    csp.print("ticks_twice", ticks_n_times(x, 2))
    csp.print("ticks_thrice", ticks_n_times(x, 3))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
