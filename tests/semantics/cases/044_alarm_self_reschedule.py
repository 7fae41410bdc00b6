# An alarm callback may schedule the same alarm again (periodic alarm), and a start-time zero-delay alarm fires at start.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def periodic(limit: int) -> ts[int]:
    with csp.alarms():
        a = csp.alarm(int)
    with csp.start():
        csp.schedule_alarm(a, timedelta(0), 0)
    if csp.ticked(a):
        if a < limit:
            csp.schedule_alarm(a, timedelta(seconds=1.5), a + 1)
        return a


@csp.graph
def g():
    csp.print("p", periodic(4))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=60))
