# csp.delay(x, timedelta): re-emits each tick after the delay; zero delay re-emits at the same time.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in (1, 2, 5)])
    csp.print("x", x)
    csp.print("delayed", csp.delay(x, timedelta(seconds=1.5)))
    csp.print("zero", csp.delay(x, timedelta(0)))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
