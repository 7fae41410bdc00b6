# csp.count(x): running tick count as int.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    x = csp.curve(str, [(timedelta(seconds=s), "v") for s in (1, 2, 5)])
    csp.print("count", csp.count(x))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
