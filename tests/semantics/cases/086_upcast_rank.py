# An int edge into a ts[float] input goes through a conversion node: it ticks one rank later (same-time print order).
from datetime import datetime, timedelta
import csp
from csp import ts

@csp.node
def f(x: ts[float]) -> ts[float]:
    return x

@csp.graph
def g():
    csp.print("int_in", f(csp.const(2)))
    csp.print("float_in", f(csp.const(3.0)))
    csp.print("direct", csp.const(4.0))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
