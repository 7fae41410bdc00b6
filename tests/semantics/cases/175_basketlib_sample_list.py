# csp.basketlib.sample_list / sample_basket: on each trigger tick, every valid element's current value.
from datetime import datetime, timedelta

import csp
import csp.basketlib as bl

s = timedelta(seconds=1)


@csp.graph
def g():
    x = [csp.curve(int, [(1 * s, 1), (3 * s, 3)]), csp.curve(int, [(2 * s, 2)]), csp.null_ts(int)]
    trigger = csp.curve(bool, [(0.5 * s, True), (1 * s, True), (2 * s, False), (2 * s, True), (5 * s, True)])
    for i, edge in enumerate(bl.sample_list(trigger, x)):
        csp.print(f"sample_list[{i}]", edge)
    for i, edge in enumerate(bl.sample_basket(csp.timer(2 * s), x[:2])):
        csp.print(f"sample_basket[{i}]", edge)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=6))
