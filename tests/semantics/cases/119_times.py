# csp.times (datetime of each tick) and csp.times_ns (int nanoseconds since epoch).
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=2.5), 2)])
    csp.print("times", csp.times(x))
    csp.print("times_ns", csp.times_ns(x))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
