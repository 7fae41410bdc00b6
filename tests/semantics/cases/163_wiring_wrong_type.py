# Wiring type errors: a str edge into ts[int], a float edge into ts[int], a scalar of the wrong type.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def takes_int(x: ts[int], n: int) -> ts[int]:
    return x + n


@csp.graph
def str_edge():
    csp.print("x", takes_int(csp.const("a"), 1))


@csp.graph
def float_edge():
    csp.print("x", takes_int(csp.const(1.5), 1))


@csp.graph
def bad_scalar():
    csp.print("x", takes_int(csp.const(1), "one"))


for graph in (str_edge, float_edge, bad_scalar):
    try:
        csp.run(graph, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
        print(graph.__name__, "ran")
    except TypeError as e:
        print(graph.__name__, "TypeError")
