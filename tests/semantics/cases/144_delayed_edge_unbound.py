# csp.DelayedEdge never bound: error unless default_to_null=True (then it never ticks).
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def unbound():
    d = csp.DelayedEdge(ts[int])
    csp.print("d", d)


@csp.graph
def null_default():
    d = csp.DelayedEdge(ts[int], default_to_null=True)
    csp.print("d", csp.merge(d, csp.const(5)))


for graph in (unbound, null_default):
    try:
        csp.run(graph, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
        print(graph.__name__, "ran")
    except Exception as e:
        print(graph.__name__, type(e).__name__, e)
