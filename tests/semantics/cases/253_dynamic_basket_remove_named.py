# Named outputs: a csp.DynamicBasket output next to a plain one; csp.remove_dynamic_key(name, key)
# takes the output's name as a bare identifier, like csp.output(name=...).
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def split(x: ts[int]) -> csp.Outputs(evens=csp.DynamicBasket[str, int], count=ts[int]):
    with csp.state():
        s_count = 0
    s_count += 1
    if x % 2 == 0:
        csp.output(evens={f"e{x}": x})
    if x == 5:
        csp.remove_dynamic_key(evens, "e2")
    csp.output(count=s_count)


@csp.node
def describe(b: {ts[str]: ts[int]}) -> ts[str]:
    shape = f"added={list(b.shape.added)} removed={list(b.shape.removed)} " if csp.ticked(b.shape) else ""
    return shape + f"keys={list(b.keys())}"


@csp.graph
def g():
    parts = split(csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 7)]))
    csp.print("evens", describe(parts.evens))
    csp.print("count", parts.count)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
