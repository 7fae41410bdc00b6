# csp.gate(x, release): buffers x while release is false, releases the buffer as a list when true.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 8)])
    release = csp.curve(bool, [(timedelta(seconds=0), False), (timedelta(seconds=3.5), True), (timedelta(seconds=5.5), False), (timedelta(seconds=8), True)])
    csp.print("gated", csp.gate(x, release))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
