# csp.flatten: ticks of several edges in a cycle flattened to consecutive same-time ticks.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    a = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=2), 2)])
    b = csp.curve(int, [(timedelta(seconds=2), 20), (timedelta(seconds=3), 30)])
    csp.print("flat", csp.flatten([a, b]))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
