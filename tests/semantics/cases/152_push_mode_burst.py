# curve with duplicate timestamps, PushMode.BURST: all values at one time tick once as a list.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    data = [(timedelta(seconds=1), 1), (timedelta(seconds=1), 2), (timedelta(seconds=1), 3), (timedelta(seconds=2), 4)]
    c = csp.curve(int, data, push_mode=csp.PushMode.BURST)
    csp.print("c", c)
    csp.print("count", csp.count(c))
    print("typ:", c.tstype.typ)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
