# Unary operators -x, +x, abs(x), ~x and csp.neg/pos/abs/not_/bitwise_not.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    a = csp.curve(int, [(timedelta(seconds=1), -3), (timedelta(seconds=2), 4)])
    f = csp.const(-1.5)
    t = csp.const(True)
    csp.print("neg", -a)
    csp.print("pos", +a)
    csp.print("abs", abs(a))
    csp.print("fabs", csp.abs(f))
    csp.print("inv", ~a)
    csp.print("not", csp.not_(t))
    csp.print("negf", csp.neg(f))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
