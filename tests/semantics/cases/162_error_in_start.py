# An exception in a start block: nodes that already started are stopped, the exception reaches the caller.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def n(x: ts[int], tag: str, fail: bool):
    with csp.start():
        print("start", tag)
        if fail:
            raise KeyError("start failed")
    with csp.stop():
        print("stop", tag)
    print("tick", tag)


@csp.graph
def g():
    c = csp.const(1)
    n(c, "first", False)
    n(c, "second", True)
    n(c, "third", False)


try:
    csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
except KeyError as e:
    print("caught", type(e).__name__, str(e))
