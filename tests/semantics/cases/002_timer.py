# csp.timer: ticks every interval starting at start+interval; value defaults to True.
from datetime import datetime, timedelta

import csp


@csp.graph
def g():
    csp.print("t", csp.timer(timedelta(seconds=1)))
    csp.print("v", csp.timer(timedelta(milliseconds=1500), 5))
    csp.print("s", csp.timer(timedelta(seconds=2), "x"))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=4))
