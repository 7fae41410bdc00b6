# csp.dynamic_demultiplex(x, key): a dynamic basket keyed by the values of key, a key added on its
# first tick; x ticks are dropped while key is not valid.
from datetime import datetime, timedelta

import csp
from csp import ts


class Trade(csp.Struct):
    sym: str
    qty: int


@csp.node
def describe(b: {ts[str]: ts[Trade]}) -> ts[str]:
    added = list(b.shape.added) if csp.ticked(b.shape) else []
    return f"added={added} ticked={[(k, v.qty) for k, v in b.tickeditems()]} keys={list(b.keys())}"


def trades():
    data = [("IBM", 1), ("AAPL", 2), ("IBM", 3), ("MSFT", 4), ("AAPL", 5)]
    return csp.curve(Trade, [(timedelta(seconds=i + 1), Trade(sym=s, qty=q)) for i, (s, q) in enumerate(data)])


@csp.graph
def by_symbol():
    t = trades()
    csp.print("demux", describe(csp.dynamic_demultiplex(t, t.sym)))


@csp.graph
def late_key():
    key = csp.curve(str, [(timedelta(seconds=2.5), "K")])
    csp.print("late", describe(csp.dynamic_demultiplex(trades(), key)))


csp.run(by_symbol, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
csp.run(late_key, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
