# csp.basketlib.sync_dict and csp.basketlib.sync on a dict: the output basket has the input's keys.
from datetime import datetime, timedelta

import csp
import csp.basketlib as bl

s = timedelta(seconds=1)


@csp.graph
def g():
    x = {
        "bid": csp.curve(float, [(1 * s, 99.5), (4 * s, 99.6), (4.5 * s, 99.7)]),
        "ask": csp.curve(float, [(1.5 * s, 100.5), (8 * s, 100.4)]),
    }
    out = bl.sync_dict(x, timedelta(seconds=1))
    csp.print("bid", out["bid"])
    csp.print("ask", out["ask"])
    via_sync = bl.sync(x, timedelta(seconds=5), output_incomplete=False)
    csp.print("keys", csp.const(sorted(via_sync)))
    csp.print("sync bid", via_sync["bid"])
    csp.print("sync ask", via_sync["ask"])


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=20))
