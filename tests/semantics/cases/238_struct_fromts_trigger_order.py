"""Struct.fromts with a trigger runs after the trigger's other same-rank consumers, also when the trigger is a field input."""
from datetime import datetime, timedelta

import csp


class Quote(csp.Struct):
    bid: float
    ask: float


def c(points):
    return csp.curve(float, [(timedelta(seconds=s), v) for s, v in points])


@csp.graph
def g():
    bid, ask = c([(1, 1.0), (2, 2.0), (4, 4.0)]), c([(2, 3.0), (3, 5.0)])
    t = csp.timer(timedelta(seconds=1))
    csp.print("fromts", csp.struct_fromts(Quote, {"bid": bid, "ask": ask}))
    csp.print("on_ask", csp.struct_fromts(Quote, {"bid": bid, "ask": ask}, trigger=ask))
    csp.print("collectts", csp.struct_collectts(Quote, {"bid": bid, "ask": ask}))
    csp.print("on_timer", Quote.fromts(t, bid=bid, ask=ask))
    csp.print("sampled", csp.sample(t, bid))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=4))
