# csp.basketlib.sync_list of int and float series: the basket's type is float.
from datetime import datetime, timedelta

import csp
import csp.basketlib as bl

s = timedelta(seconds=1)


@csp.graph
def g():
    out = bl.sync_list([csp.curve(int, [(1 * s, 1), (3 * s, 3)]), csp.const(1.5)], timedelta(seconds=3))
    csp.print("first", out[0])
    csp.print("second", out[1])


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
