# csp.print of a list basket and of a dict basket: only the elements that ticked are shown.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    a = csp.const(1)
    b = csp.const(2, delay=timedelta(seconds=1))
    c = csp.curve(int, [(timedelta(seconds=1), 3), (timedelta(seconds=2), 4)])
    csp.print("list", [a, b, c])
    csp.print("dict", {"k": a, "j": b, "c": c})


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
