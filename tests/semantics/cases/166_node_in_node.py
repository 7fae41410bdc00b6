# Calling a node from inside a running node: a TypeError at run time (the argument is a value, not an Edge);
# calling csp.const inside a node body is rejected at definition with CspParseError.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def inner(x: ts[int]) -> ts[int]:
    return x


@csp.node
def outer(x: ts[int]) -> ts[int]:
    try:
        inner(x)
        print("no error")
    except Exception as e:
        print("error type:", type(e).__name__)
    return x


@csp.graph
def g():
    csp.print("outer", outer(csp.const(1)))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))

try:

    @csp.node
    def uses_const(x: ts[int]) -> ts[int]:
        return csp.const(x)

except csp.CspParseError as e:
    print("CspParseError:", str(e))
