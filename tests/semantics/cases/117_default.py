# csp.default(x, value, delay): ticks the default at start+delay unless x ticked before.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=2), 2), (timedelta(seconds=3), 3)])
    csp.print("d0", csp.default(x, -1))
    csp.print("d1", csp.default(x, -5, delay=timedelta(seconds=1)))
    csp.print("d5", csp.default(x, -9, delay=timedelta(seconds=5)))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
