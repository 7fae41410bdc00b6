# csp.collect: list of the basket elements that ticked this cycle.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    a = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=2), 2)])
    b = csp.curve(int, [(timedelta(seconds=2), 20), (timedelta(seconds=3), 30)])
    csp.print("collected", csp.collect([a, b]))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
