# cancel_alarm: a cancelled alarm never fires; the others still do.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def n(cancel: ts[bool]) -> ts[str]:
    with csp.alarms():
        a = csp.alarm(str)
    with csp.state():
        s_handle = None
    with csp.start():
        csp.schedule_alarm(a, timedelta(seconds=1), "first")
        s_handle = csp.schedule_alarm(a, timedelta(seconds=3), "cancelled")
        csp.schedule_alarm(a, timedelta(seconds=4), "last")
    if csp.ticked(cancel):
        csp.cancel_alarm(a, s_handle)
        return "cancel"
    if csp.ticked(a):
        return a


@csp.graph
def g():
    csp.print("n", n(csp.const(True, delay=timedelta(seconds=2))))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
