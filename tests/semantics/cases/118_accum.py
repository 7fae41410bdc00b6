# csp.accum(x, start): running sum starting from start.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 5)])
    csp.print("acc", csp.accum(x))
    csp.print("acc100", csp.accum(x, 100))
    csp.print("facc", csp.accum(csp.curve(float, [(timedelta(seconds=1), 0.5), (timedelta(seconds=2), 0.25)])))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
