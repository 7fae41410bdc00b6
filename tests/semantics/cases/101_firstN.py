# csp.firstN(x, n): only the first n ticks; n=0 gives none.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 7)])
    csp.print("first3", csp.firstN(x, 3))
    csp.print("first1", csp.firstN(x, 1))
    csp.print("first0", csp.firstN(x, 0))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
