# The output of csp.dynamic feeds a node taking a dynamic basket: it sees shape.added when instances are
# built, shape.removed when they go, and the instances' values through tickeditems.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def keys_from(cmd: ts[str]) -> {ts[str]: ts[int]}:
    if cmd.startswith("+"):
        csp.output({cmd[1:]: len(cmd)})
    else:
        csp.remove_dynamic_key(cmd[1:])


@csp.graph
def sub(key: str, x: ts[int]) -> ts[str]:
    return csp.apply(x, lambda v: f"{key}:{v}", str)


@csp.node
def book(b: {ts[str]: ts[str]}) -> ts[str]:
    parts = []
    if csp.ticked(b.shape):
        parts.append(f"added={list(b.shape.added)} removed={list(b.shape.removed)}")
    if csp.ticked(b):
        parts.append(f"ticked={list(b.tickeditems())}")
    parts.append(f"keys={list(b.keys())}")
    return " ".join(parts)


@csp.graph
def g():
    cmds = csp.curve(str, [(timedelta(seconds=s), c) for s, c in [(1, "+a"), (2, "+bb"), (3, "+a"), (4, "-a"), (5, "+bb")]])
    res = csp.dynamic(keys_from(cmds), sub, csp.snapkey(), csp.attach())
    csp.print("book", book(res))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
