# Nodes whose outputs reach no root (print, graph output, output-less node) are not built: their start never runs.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def loud(x: ts[int], tag: str) -> ts[int]:
    with csp.start():
        print("start", tag)
    return x


@csp.graph
def g() -> ts[int]:
    c = csp.const(1)
    loud(c, "unused")
    used = loud(c, "printed")
    csp.print("used", used)
    return loud(c, "returned")


print(csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1)))
