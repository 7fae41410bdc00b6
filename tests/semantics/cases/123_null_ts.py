# csp.null_ts(T) never ticks; merging with it passes the other edge through.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    n = csp.null_ts(int)
    x = csp.curve(int, [(timedelta(seconds=1), 1)])
    csp.print("null", n)
    csp.print("merged", csp.merge(n, x))
    csp.print("count_null", csp.count(n))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
