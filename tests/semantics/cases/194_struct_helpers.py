# csp.struct_fromts / struct_collectts / struct_field / get_basket_field as functions.
from datetime import datetime, timedelta

import csp


class Quote(csp.Struct):
    bid: float
    ask: float


def c(points):
    return csp.curve(float, [(timedelta(seconds=s), v) for s, v in points])


def inputs():
    return c([(1, 1.0), (2, 2.0), (4, 4.0)]), c([(2, 3.0), (3, 5.0)])


@csp.graph
def from_ts():
    bid, ask = inputs()
    csp.print("fromts", csp.struct_fromts(Quote, {"bid": bid, "ask": ask}))
    csp.print("triggered", csp.struct_fromts(Quote, {"bid": bid, "ask": ask}, trigger=ask))


@csp.graph
def g():
    bid, ask = inputs()
    full = csp.struct_fromts(Quote, {"bid": bid, "ask": ask})
    ticked = csp.struct_collectts(Quote, {"bid": bid, "ask": ask})
    csp.print("collectts", ticked)
    csp.print("ask", csp.struct_field(ticked, "ask", float))
    asks = csp.get_basket_field({"full": full, "ticked": ticked}, "ask")
    print(sorted(asks))
    csp.print("ticked.ask", asks["ticked"])


csp.run(from_ts, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
