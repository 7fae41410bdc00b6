# Several timers firing at the same time: callbacks run in the order their events were scheduled (FIFO).
from datetime import datetime, timedelta

import csp


@csp.graph
def g():
    csp.print("one", csp.timer(timedelta(seconds=1), 1))
    csp.print("two", csp.timer(timedelta(seconds=2), 2))
    csp.print("three", csp.timer(timedelta(seconds=3), 3))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=6))
