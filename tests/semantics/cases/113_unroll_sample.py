# csp.sample(csp.const(True), csp.unroll(...)) samples the first element only (rest arrive in later cycles).
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    u = csp.unroll(csp.const.using(T=[int])([10, 20, 30]))
    csp.print("sampled", csp.sample(csp.const(True), u))
    csp.print("count", csp.count(u))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
