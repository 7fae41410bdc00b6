# csp.basketlib.sync: ticks in the cycle where the threshold runs out. Without trigger they all count;
# with a trigger, an element's first tick there counts only if trigger ticks in that cycle too.
from datetime import datetime, timedelta

import csp
import csp.basketlib as bl

s = timedelta(seconds=1)


def show(name, x, trigger=None):
    for i, edge in enumerate(bl.sync(x, s, trigger=trigger)):
        csp.print(f"{name}[{i}]", edge)


@csp.graph
def g():
    show("no_trigger", [csp.curve(int, [(1 * s, 1)]), csp.curve(int, [(2 * s, 2)]), csp.null_ts(int)])
    x = [csp.curve(int, [(11.5 * s, 1), (12 * s, 11)]), csp.curve(int, [(12 * s, 2)]), csp.null_ts(int)]
    show("trigger", x, csp.curve(int, [(11 * s, 0)]))
    show("trigger_ticks_again", x, csp.curve(int, [(11 * s, 0), (12 * s, 0)]))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=20))
