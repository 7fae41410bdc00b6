# csp.and_/or_ on bool edges and datetime minus datetime giving timedelta.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    p = csp.curve(bool, [(timedelta(seconds=1), True), (timedelta(seconds=2), False)])
    q = csp.const(True)
    csp.print("and", csp.and_(p, q))
    csp.print("or", csp.or_(p, csp.const(False)))
    t = csp.times(p)
    csp.print("elapsed", t - csp.const(datetime(2022, 1, 1)))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
