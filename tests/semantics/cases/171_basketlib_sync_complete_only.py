# csp.basketlib.sync_list(output_incomplete=False): an expired interval emits nothing and is reset.
from datetime import datetime, timedelta

import csp
import csp.basketlib as bl

s = timedelta(seconds=1)


@csp.graph
def g():
    a = csp.curve(int, [(1 * s, 1), (6 * s, 6), (9 * s, 9)])
    b = csp.curve(int, [(3 * s, 30), (10 * s, 100)])
    c = csp.curve(int, [(3 * s, 300), (9.5 * s, 950), (12 * s, 1200)])
    out = bl.sync_list([a, b, c], timedelta(seconds=2), False)
    for i, edge in enumerate(out):
        csp.print(f"synced[{i}]", edge)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=30))
