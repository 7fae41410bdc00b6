# csp.basketlib.sync_list: an interval opens on the first tick, closes when every element ticked
# (latest values) or after the threshold (incomplete basket, only the elements that ticked).
from datetime import datetime, timedelta

import csp
import csp.basketlib as bl

s = timedelta(seconds=1)


@csp.graph
def g():
    a = csp.curve(int, [(1 * s, 1), (2 * s, 2), (5 * s, 5), (6 * s, 6), (6 * s, 66), (20 * s, 20)])
    b = csp.curve(int, [(1 * s, 10), (3 * s, 30), (9 * s, 90), (12 * s, 120), (12 * s, 121)])
    c = csp.curve(int, [(2 * s, 100), (4 * s, 400), (13 * s, 1300)])
    out = bl.sync_list([a, b, c], timedelta(seconds=2))
    for i, edge in enumerate(out):
        csp.print(f"synced[{i}]", edge)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=30))
