# csp.wrap_feedback: the same ticks as its input, in a later cycle at the same time.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def which(x: ts[int], looped: ts[int]) -> ts[str]:
    return f"x={x}" if csp.ticked(x) else f"looped={looped}"


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=2), 2)])
    looped = csp.wrap_feedback(x)
    csp.print("which", which(x, looped))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
