# edge.run(...) runs an edge directly; edge.pipe(f, *args) applies a graph/function.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def add_n(x: ts[int], n: int) -> ts[int]:
    return x + n


e = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=2), 2)]).pipe(add_n, 10)
print(e.run(starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5)))
print(csp.run(e, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1)))


@csp.graph
def g():
    csp.print("piped", csp.const(5).pipe(add_n, n=2))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
