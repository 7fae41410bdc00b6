# csp.DelayedDemultiplex: one demultiplex over the keys requested while the graph is built.
from datetime import datetime, timedelta

import csp


class Trade(csp.Struct):
    account: str
    qty: int


@csp.graph
def g():
    data = [("acct1", 10), ("acct2", 20), ("acct3", 30), ("acct1", 40)]
    trades = csp.curve(Trade, [(timedelta(seconds=i + 1), Trade(account=a, qty=q)) for i, (a, q) in enumerate(data)])
    by_account = csp.DelayedDemultiplex(trades, trades.account)
    first = by_account.demultiplex("acct1")
    print("same edge:", first is by_account.demultiplex("acct1"))
    csp.print("acct1", first.qty)
    csp.print("acct2", by_account.demultiplex("acct2").qty)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
