"""A ts[bool] feeds ts[int] inputs (and a bool ticks an int output as 0/1), but not ts[float] inputs."""
from datetime import datetime

import csp
from csp import ts


@csp.node
def as_int(a: ts[int]) -> ts[int]:
    if csp.ticked(a):
        return a


@csp.node
def kind(a: ts[int]) -> ts[str]:
    if csp.ticked(a):
        return type(a).__name__


@csp.node
def as_float(a: ts[float]) -> ts[float]:
    if csp.ticked(a):
        return a


@csp.node
def pick(a: ts["T"], b: ts["T"]) -> ts["T"]:
    if csp.ticked(a):
        return a
    return b


start = datetime(2022, 1, 1)
print(csp.run(as_int, csp.const(True), starttime=start)[0])
print(csp.run(kind, csp.const(True), starttime=start)[0])
print(csp.run(pick, csp.const(True), csp.const(2), starttime=start)[0])
for args in [(as_float, csp.const(True)), (pick, csp.const(True), csp.const(1.5))]:
    try:
        csp.run(*args, starttime=start)
    except TypeError:
        print(args[0].__name__, "TypeError")
