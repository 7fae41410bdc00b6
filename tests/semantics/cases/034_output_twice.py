# A node emitting twice on the same output in one cycle is a run-time error (RuntimeError).
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def twice(x: ts[int]) -> ts[int]:
    csp.output(x)
    if x == 2:
        csp.output(x + 1)


@csp.graph
def g():
    csp.print("t", twice(csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=2), 2)])))


try:
    csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
except RuntimeError as e:
    print("RuntimeError", "output twice on the same engine cycle" in str(e))
