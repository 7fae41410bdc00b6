# csp.filter(flag, x): emits x only while the flag is valid and true; flag ticking alone emits nothing.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 7)])
    flag = csp.curve(bool, [(timedelta(seconds=2), True), (timedelta(seconds=3.5), False), (timedelta(seconds=5), True)])
    csp.print("filtered", csp.filter(flag, x))
    csp.print("by_expr", csp.filter(x > 4, x))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
