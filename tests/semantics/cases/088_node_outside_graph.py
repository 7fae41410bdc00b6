# Outside a graph: a node with an output can be wired (returns an Edge, runnable with csp.run),
# but a node without outputs (csp.print, a sink) raises RuntimeError.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def n(x: ts[int]) -> ts[int]:
    return x * 3


@csp.node
def sink(x: ts[int]):
    pass


e = n(csp.const(1))
print(type(e).__name__)
print(csp.run(e, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1)))
for f in (lambda: csp.print("x", e), lambda: sink(e)):
    try:
        f()
    except RuntimeError as ex:
        print("RuntimeError:", ex)
