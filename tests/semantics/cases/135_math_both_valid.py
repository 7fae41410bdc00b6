# Binary math emits only once both sides are valid, then on every tick of either side.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    a = csp.curve(float, [(timedelta(seconds=1), 1.0), (timedelta(seconds=2), 2.0), (timedelta(seconds=4), 4.0)])
    b = csp.curve(float, [(timedelta(seconds=3), 10.0), (timedelta(seconds=4), 20.0), (timedelta(seconds=5), 30.0)])
    csp.print("sum", a + b)
    csp.print("gt", a > b)

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
