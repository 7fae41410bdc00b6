"""A number passed for a timedelta scalar of a node or graph is a duration in seconds."""
from datetime import datetime, timedelta
from typing import Optional

import csp
from csp import ts


@csp.node
def describe(x: ts[int], d: timedelta, e: Optional[timedelta] = None) -> ts[str]:
    if csp.ticked(x):
        return f"{d!r} {e!r}"


@csp.graph
def g(d: timedelta) -> ts[str]:
    return describe(csp.const(1), d, d)


for value in [3, 2.5, timedelta(minutes=1)]:
    print(csp.run(describe, csp.const(1), value, starttime=datetime(2022, 1, 1))[0][0][1])
    print(csp.run(g, value, starttime=datetime(2022, 1, 1))[0][0][1])
try:
    csp.run(describe, csp.const(1), "3", starttime=datetime(2022, 1, 1))
except TypeError:
    print("TypeError for a string")
