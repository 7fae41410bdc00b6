# csp.dynamic inside a dynamic sub-graph: an inner instance per (outer key, inner key), built in the
# cycle its first event arrives; outputs come back through both levels; stop() order at the end.
from datetime import datetime, timedelta

import csp
from csp import ts


class Event(csp.Struct):
    account: str
    symbol: str
    qty: int


@csp.node
def position(name: str, qty: ts[int]) -> ts[int]:
    with csp.state():
        s_total = 0
    with csp.start():
        print(f"{csp.now()} start {name}")
    with csp.stop():
        print(f"{csp.now()} stop {name} at {s_total}")
    s_total += qty
    return s_total


@csp.graph
def per_symbol(account: str, symbol: str, events: ts[Event]) -> ts[int]:
    return position(f"{account}/{symbol}", events.qty)


@csp.graph
def per_account(account: str, events: ts[Event]) -> ts[str]:
    inner = csp.dynamic(csp.dynamic_demultiplex(events, events.symbol), per_symbol, account, csp.snapkey(), csp.attach())
    return csp.apply(csp.dynamic_collect(inner), lambda d: ",".join(f"{k}={v}" for k, v in d.items()), str)


@csp.graph
def g():
    rows = [("X", "a", 1), ("X", "b", 2), ("Y", "a", 3), ("X", "a", 4), ("Y", "c", 5), ("Y", "a", 6)]
    events = csp.curve(Event, [(timedelta(seconds=i + 1), Event(account=a, symbol=s, qty=q)) for i, (a, s, q) in enumerate(rows)])
    res = csp.dynamic(csp.dynamic_demultiplex(events, events.account), per_account, csp.snapkey(), csp.attach())
    csp.print("res", csp.dynamic_collect(res))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
