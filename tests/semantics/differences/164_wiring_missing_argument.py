# Wiring errors: missing argument and unexpected keyword raise TypeError; an extra positional argument is silently ignored.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def add(x: ts[int], y: ts[int]) -> ts[int]:
    return x + y


@csp.graph
def missing():
    csp.print("x", add(csp.const(1)))


@csp.graph
def extra_kw():
    csp.print("x", add(csp.const(1), csp.const(2), z=csp.const(3)))


@csp.graph
def too_many():
    csp.print("x", add(csp.const(1), csp.const(2), csp.const(3)))


for graph in (missing, extra_kw, too_many):
    try:
        csp.run(graph, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
        print(graph.__name__, "ran")
    except TypeError as e:
        print(graph.__name__, "TypeError")
