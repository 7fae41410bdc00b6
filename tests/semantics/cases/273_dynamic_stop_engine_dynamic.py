# csp.stop_engine(x, dynamic=True) inside a sub-graph stops only that instance, at the end of the cycle:
# its stop() runs, its output key is removed, and later ticks of its trigger key do not rebuild it.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def until_three(key: str, x: ts[int]) -> ts[int]:
    with csp.stop():
        print(f"{csp.now()} stop {key}")
    print(f"{csp.now()} {key} got {x}")
    if x >= 3:
        csp.stop_engine(dynamic=True)
    else:
        return x


@csp.node
def shape(b: {ts[str]: ts[int]}) -> ts[str]:
    if csp.ticked(b.shape):
        return f"added={list(b.shape.added)} removed={list(b.shape.removed)} keys={list(b.keys())}"


@csp.graph
def sub(key: str, x: ts[int]) -> ts[int]:
    return until_three(key, x)


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 7)])
    keys = csp.curve(str, [(timedelta(seconds=s), "AB"[s % 2]) for s in range(1, 7)])
    res = csp.dynamic(csp.dynamic_demultiplex(x, keys), sub, csp.snapkey(), csp.attach())
    csp.print("res", csp.dynamic_collect(res))
    csp.print("shape", shape(res))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
print("engine ran to the end")
