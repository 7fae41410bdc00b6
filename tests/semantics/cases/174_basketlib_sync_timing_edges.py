# csp.basketlib.sync timing: completion cancels the threshold, a tick at the threshold time still counts,
# a zero threshold closes at the same time, repeated ticks at one time open a new interval.
from datetime import datetime, timedelta

import csp
import csp.basketlib as bl

s = timedelta(seconds=1)


def show(name, x, threshold):
    for i, edge in enumerate(bl.sync(x, threshold)):
        csp.print(f"{name}[{i}]", edge)


@csp.graph
def g():
    show("cancel", [csp.curve(int, [(1 * s, 1), (2.5 * s, 2)]), csp.curve(int, [(2 * s, 10), (4 * s, 40)])], 2 * s)
    show("at_threshold", [csp.curve(int, [(11 * s, 1)]), csp.curve(int, [(13 * s, 3)])], 2 * s)
    show("zero", [csp.curve(int, [(21 * s, 1), (22 * s, 2)]), csp.curve(int, [(21 * s, 10), (23 * s, 30)])],
         timedelta(0))
    show("repeat", [csp.curve(int, [(31 * s, 1), (31 * s, 2), (31 * s, 3)]), csp.curve(int, [(31 * s, 10)])], s)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=40))
