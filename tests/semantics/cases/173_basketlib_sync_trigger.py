# csp.basketlib.sync(trigger=...): intervals open only when trigger ticks outside an interval;
# ticks of x while no interval is open are dropped; a trigger inside an interval changes nothing.
from datetime import datetime, timedelta

import csp
import csp.basketlib as bl

s = timedelta(seconds=1)


@csp.graph
def g():
    a = csp.curve(int, [(1 * s, 1), (2 * s, 2), (7 * s, 7), (12 * s, 12), (14 * s, 14)])
    b = csp.curve(int, [(1.5 * s, 10), (8 * s, 80), (15 * s, 150)])
    trigger = csp.curve(int, [(0.5 * s, 0), (2 * s, 0), (5 * s, 0), (7.5 * s, 0), (13 * s, 0), (14.5 * s, 0)])
    for incomplete in (True, False):
        out = bl.sync([a, b], timedelta(seconds=3), incomplete, trigger=trigger)
        csp.print(f"incomplete={incomplete} a", out[0])
        csp.print(f"incomplete={incomplete} b", out[1])


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=30))
