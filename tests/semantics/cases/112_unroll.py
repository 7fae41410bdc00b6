# csp.unroll: a list tick becomes one tick per element at the same time; empty lists produce nothing.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    x = csp.curve([int], [(timedelta(seconds=1), [1, 2, 3]), (timedelta(seconds=2), []), (timedelta(seconds=3), [4])])
    csp.print("unrolled", csp.unroll(x))
    typed = csp.const.using(T=[int])([7, 8])
    csp.print("typed", csp.unroll(typed))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
