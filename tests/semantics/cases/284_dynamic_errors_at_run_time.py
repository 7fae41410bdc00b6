# Exceptions inside dynamic instances end the run with the original exception: one raised while a
# sub-graph is built for a new key, and one raised by a node of an instance.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def refuses_b(key: str, x: ts[int]):
    if key == "B":
        raise ValueError(f"cannot build a sub-graph for {key}")
    csp.print(key, x)


@csp.node
def fails_on_b(key: str, x: ts[int]) -> ts[int]:
    if key == "B" and x > 2:
        raise ArithmeticError(f"node for {key} failed on {x}")
    return x


@csp.graph
def node_fails(key: str, x: ts[int]):
    csp.print(key, fails_on_b(key, x))


def graph_of(sub):
    def g():
        x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 5)])
        keys = csp.curve(str, [(timedelta(seconds=s), "ABAB"[s - 1]) for s in range(1, 5)])
        csp.dynamic(csp.dynamic_demultiplex(x, keys), sub, csp.snapkey(), csp.attach())

    return g


for sub in (refuses_b, node_fails):
    try:
        csp.run(graph_of(sub), starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
    except (ValueError, ArithmeticError) as e:
        print("caught", type(e).__name__, e)
