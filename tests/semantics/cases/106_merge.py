# csp.merge(x, y): ticks when either ticks; x wins when both tick in the same cycle.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=3), 3)])
    y = csp.curve(int, [(timedelta(seconds=2), 20), (timedelta(seconds=3), 30)])
    csp.print("xy", csp.merge(x, y))
    csp.print("yx", csp.merge(y, x))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
