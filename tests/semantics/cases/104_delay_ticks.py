# csp.delay(x, int n): emits the value from n ticks ago.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s * 10) for s in range(1, 6)])
    csp.print("lag1", csp.delay(x, 1))
    csp.print("lag3", csp.delay(x, 3))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
