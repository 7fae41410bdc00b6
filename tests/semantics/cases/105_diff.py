# csp.diff(x, lag): x minus its value lag ticks ago; int input.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s * s) for s in range(1, 6)])
    csp.print("diff1", csp.diff(x, 1))
    csp.print("diff2", csp.diff(x, 2))
    y = csp.curve(float, [(timedelta(seconds=s), s * 0.5) for s in range(1, 4)])
    csp.print("fdiff", csp.diff(y, 1))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
