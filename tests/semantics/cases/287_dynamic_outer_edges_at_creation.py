# Outer edges ticking in the creation cycle, even ones computed through a long chain from the trigger's
# source, reach the new instance in that cycle: its node runs once with all of them ticked.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def combine(key: str, attached: ts[int], shallow: ts[int], deep: ts[int]) -> ts[str]:
    ticked = [name for name, flag in [("attached", csp.ticked(attached)), ("shallow", csp.ticked(shallow)),
                                      ("deep", csp.ticked(deep))] if flag]
    return f"{key} ticked={ticked} deep={deep}"


@csp.graph
def sub(key: str, attached: ts[int], shallow: ts[int], deep: ts[int]) -> ts[str]:
    return combine(key, attached, shallow, deep)


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 4)])
    keys = csp.curve(str, [(timedelta(seconds=s), "ABA"[s - 1]) for s in range(1, 4)])
    deep = x
    for _ in range(6):
        deep = deep + 1
    res = csp.dynamic(csp.dynamic_demultiplex(x, keys), sub, csp.snapkey(), csp.attach(), x * 2, deep)
    csp.print("res", csp.dynamic_collect(res))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
