# csp.dynamic: one sub-graph instance per key of the trigger basket, built in the cycle the key
# appears; its output comes back as a dynamic basket keyed like the trigger.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def running_total(symbol: str, qty: ts[int]) -> ts[str]:
    total = csp.accum(qty)
    return csp.apply(total, lambda t: f"{symbol} total {t}", str)


@csp.graph
def g():
    data = [("IBM", 1), ("AAPL", 2), ("IBM", 3), ("AAPL", 4), ("IBM", 5)]
    qty = csp.curve(int, [(timedelta(seconds=i + 1), q) for i, (_, q) in enumerate(data)])
    sym = csp.curve(str, [(timedelta(seconds=i + 1), s) for i, (s, _) in enumerate(data)])
    totals = csp.dynamic(csp.dynamic_demultiplex(qty, sym), running_total, csp.snapkey(), csp.attach())
    csp.print("totals", csp.dynamic_collect(totals))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
