# Alarms: schedule by timedelta and by datetime; alarm value is delivered on tick.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def n(x: ts[int]) -> ts[str]:
    with csp.alarms():
        a = csp.alarm(int)
    with csp.start():
        csp.schedule_alarm(a, timedelta(seconds=2), 100)
        csp.schedule_alarm(a, datetime(2022, 1, 1, 0, 0, 4), 200)
    if csp.ticked(x):
        csp.schedule_alarm(a, timedelta(seconds=1), x)
        return f"x {x}"
    if csp.ticked(a):
        return f"alarm {a}"


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=5), 5)])
    csp.print("n", n(x))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
