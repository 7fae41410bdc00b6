# After an exception in one node, started nodes' stop blocks still run before the exception reaches the caller;
# the rest of the failing cycle is abandoned.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def explode(x: ts[int]) -> ts[int]:
    with csp.stop():
        print("explode stop")
    if x == 2:
        raise RuntimeError("boom")
    return x


@csp.node
def watcher(x: ts[int], tag: str):
    with csp.start():
        print("watcher start", tag)
    with csp.stop():
        print("watcher stop", tag, "now", csp.now())
    print("watcher tick", tag, x)


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 5)])
    watcher(x, "before")
    watcher(explode(x), "after")


try:
    csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
except RuntimeError as e:
    print("caught", type(e).__name__, str(e))
