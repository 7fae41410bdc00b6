# Two curves with duplicate timestamps: extra NON_COLLAPSING values spread over consecutive same-time cycles,
# and a node sees both inputs tick in the same cycle where they line up.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def both(a: ts[int], b: ts[int]) -> ts[str]:
    return f"a={a if csp.ticked(a) else '-'} b={b if csp.ticked(b) else '-'}"


@csp.graph
def g():
    t = timedelta(seconds=1)
    a = csp.curve(int, [(t, 1), (t, 2), (t, 3)])
    b = csp.curve(int, [(t, 10), (t, 20)])
    csp.print("both", both(a, b))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
