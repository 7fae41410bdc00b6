# reschedule_alarm moves a pending alarm (to a later and to an earlier time) and returns a new handle.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def n(x: ts[int]) -> ts[str]:
    with csp.alarms():
        a = csp.alarm(str)
    with csp.state():
        s_h1 = None
        s_h2 = None
    with csp.start():
        s_h1 = csp.schedule_alarm(a, timedelta(seconds=3), "moved later")
        s_h2 = csp.schedule_alarm(a, timedelta(seconds=8), "moved earlier")
    if csp.ticked(x):
        s_h1 = csp.reschedule_alarm(a, s_h1, timedelta(seconds=5))
        s_h2 = csp.reschedule_alarm(a, s_h2, datetime(2022, 1, 1, 0, 0, 2))
        return "rescheduled"
    if csp.ticked(a):
        return a


@csp.graph
def g():
    csp.print("n", n(csp.const(1, delay=timedelta(seconds=1))))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
