# Comparison operators and csp.eq/ne/gt/ge/lt/le produce bool edges.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    a = csp.curve(int, [(timedelta(seconds=s), v) for s, v in enumerate([1, 2, 3], 1)])
    b = csp.const(2)
    csp.print("a==b", a == b)
    csp.print("a!=b", a != b)
    csp.print("a<b", a < b)
    csp.print("a<=b", a <= b)
    csp.print("a>b", a > b)
    csp.print("a>=2", a >= 2)
    csp.print("gt_fn", csp.gt(a, b))
    csp.print("eq_fn", csp.eq(a, b))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
