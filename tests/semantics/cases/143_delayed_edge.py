# csp.DelayedEdge: use an edge before it exists, bind it later in the graph.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    later = csp.DelayedEdge(ts[int])
    csp.print("doubled", later * 2)
    x = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=2), 2)])
    later.bind(x + 100)
    csp.print("x", x)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
