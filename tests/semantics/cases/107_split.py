# csp.split(flag, x): routes x to .false / .true by the (passive) flag.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 6)])
    flag = csp.curve(bool, [(timedelta(seconds=0), False), (timedelta(seconds=2.5), True), (timedelta(seconds=4), False)])
    r = csp.split(flag, x)
    csp.print("false", r.false)
    csp.print("true", r.true)

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
