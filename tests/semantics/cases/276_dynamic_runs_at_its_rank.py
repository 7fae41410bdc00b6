# A dynamic node and all its instances run as one step at the dynamic node's place in the outer graph:
# a chain inside the sub-graph completes before outer nodes ranked after the dynamic node run (outer
# printing nodes sit at ranks 1, 3, 5, 7; the dynamic node at rank 2).
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def step(tag: str, x: ts[int]) -> ts[int]:
    print(f"{csp.now()} {tag}")
    return x


@csp.node
def silent(x: ts[int]) -> ts[int]:
    return x


@csp.node
def sink(tag: str, x: ts[object]):
    print(f"{csp.now()} {tag} {x}")


@csp.graph
def sub(key: str, x: ts[int]) -> ts[int]:
    for i in range(4):
        x = step(f"{key} inner{i}", x)
    return x


@csp.graph
def g():
    data = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=2), 2)])
    res = csp.dynamic(csp.dynamic_demultiplex(data, csp.const("K")), sub, csp.snapkey(), csp.attach())
    outer = step("outer0", data)
    for i in range(1, 4):
        outer = step(f"outer{i}", silent(outer))
    sink("outer end", outer)
    sink("collect", csp.dynamic_collect(res))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
