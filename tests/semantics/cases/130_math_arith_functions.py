# csp.add/sub/multiply/divide on int and float edges; int/int divide gives float.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    a = csp.curve(int, [(timedelta(seconds=1), 7), (timedelta(seconds=3), 9)])
    b = csp.curve(int, [(timedelta(seconds=2), 2)])
    f = csp.const(0.5)
    csp.print("add", csp.add(a, b))
    csp.print("sub", csp.sub(a, b))
    csp.print("mul", csp.multiply(a, b))
    csp.print("div", csp.divide(a, b))
    csp.print("fadd", csp.add(f, f))
    csp.print("mixed", csp.multiply(a, f))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
