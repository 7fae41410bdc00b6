# csp.print formatting of floats: repr-like, nan, inf.
from datetime import datetime, timedelta

import csp


@csp.graph
def g():
    csp.print("one", csp.const(1.0))
    csp.print("tenth", csp.const(0.1))
    csp.print("third", csp.const(1.0 / 3.0))
    csp.print("big", csp.const(1e20))
    csp.print("small", csp.const(1.5e-7))
    csp.print("negzero", csp.const(-0.0))
    csp.print("nan", csp.const(float("nan")))
    csp.print("inf", csp.const(float("inf")))
    csp.print("ninf", csp.const(float("-inf")))
    csp.print("floatlist", csp.const([1.0, 2.5]))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
