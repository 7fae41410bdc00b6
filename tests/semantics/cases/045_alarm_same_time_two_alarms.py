# Two alarms of one node scheduled for the same time tick in the same cycle.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def two() -> ts[str]:
    with csp.alarms():
        a = csp.alarm(int)
        b = csp.alarm(str)
    with csp.start():
        csp.schedule_alarm(a, timedelta(seconds=1), 1)
        csp.schedule_alarm(b, timedelta(seconds=1), "b")
        csp.schedule_alarm(a, timedelta(seconds=1), 2)
    return f"ticked(a)={csp.ticked(a)} a={a if csp.ticked(a) else None} ticked(b)={csp.ticked(b)}"


@csp.graph
def g():
    csp.print("two", two())


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
