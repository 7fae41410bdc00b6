# Start/stop order of nodes in a graph with several roots, a diamond and shared inputs; also same-time dispatch order.
from datetime import datetime, timedelta
import csp
from csp import ts

@csp.node
def stage(x: ts[int], tag: str) -> ts[int]:
    with csp.start():
        print("start", tag)
    with csp.stop():
        print("stop", tag)
    if csp.ticked(x):
        return x + 1

@csp.node
def join(x: ts[int], y: ts[int], tag: str) -> ts[int]:
    with csp.start():
        print("start", tag)
    with csp.stop():
        print("stop", tag)
    return x + y

@csp.node
def sink(x: ts[int], tag: str):
    with csp.start():
        print("start", tag)
    with csp.stop():
        print("stop", tag)
    print(csp.now(), tag, x)

@csp.graph
def g():
    a = stage(csp.const(0), "a")
    sink(a, "sink0")
    b = stage(a, "b")
    c = stage(stage(a, "c0"), "c")
    d = join(b, c, "d")
    sink(d, "sink1")
    e = stage(csp.const(5), "e")
    sink(e, "sink2")
    sink(a, "sink3")

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
