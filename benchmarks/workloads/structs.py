"""Workload — csp.Struct.

struct_create: Trade(symbol=..., price=..., qty=..., time=...) 10^6 times.
struct_read:   reading four fields (str, float, int, datetime) of a struct, 10^6 times.
struct_write:  writing three fields (float, int, str) of a struct, 10^6 times.
struct_graph:  a @csp.node building a Trade per tick from a counter, two
               `trade.field` edges summed by csp math, 10^6 ticks.

``ns_per_tick`` is seconds per operation (per struct for the first three).
"""

from datetime import datetime, timedelta

import csp
from csp import ts
from _common import main, run, summary, timed, values_of

T0 = datetime(2020, 1, 1)


class Trade(csp.Struct):
    symbol: str
    price: float
    qty: int
    time: datetime


def _size(quick: bool) -> int:
    return 100_000 if quick else 1_000_000


def _create(n: int):
    out = None
    for i in range(n):
        out = Trade(symbol="AAPL", price=1.5, qty=i, time=T0)
    return out


def _read(trade: Trade, n: int) -> float:
    total = 0.0
    for _ in range(n):
        total += trade.price + trade.qty + len(trade.symbol) + trade.time.minute
    return total


def _write(trade: Trade, n: int) -> Trade:
    for i in range(n):
        trade.price = 2.5
        trade.qty = i
        trade.symbol = "MSFT"
    return trade


def struct_create(quick: bool) -> dict:
    n = _size(quick)
    seconds, last = timed(_create, n)
    return {"seconds": seconds, "checksum": f"n={n} last={last!r}", "n": n, "ns_per_tick": seconds / n * 1e9}


def struct_read(quick: bool) -> dict:
    n = _size(quick)
    seconds, total = timed(_read, Trade(symbol="AAPL", price=1.5, qty=2, time=T0), n)
    return {"seconds": seconds, "checksum": f"n={n} total={total!r}", "n": n, "ns_per_tick": seconds / n * 1e9}


def struct_write(quick: bool) -> dict:
    n = _size(quick)
    seconds, trade = timed(_write, Trade(), n)
    return {"seconds": seconds, "checksum": f"n={n} last={trade!r}", "n": n, "ns_per_tick": seconds / n * 1e9}


@csp.node
def make_trade(i: ts[int]) -> ts[Trade]:
    return Trade(symbol="AAPL", price=0.5 * i, qty=i, time=T0)


def graph():
    trades = make_trade(csp.count(csp.timer(timedelta(seconds=1))))
    csp.add_graph_output("out", trades.price + csp.cast_int_to_float(trades.qty))


def struct_graph(quick: bool) -> dict:
    m = _size(quick)
    run(graph, 1_000)  # warm-up
    seconds, result = timed(run, graph, m)
    return {"seconds": seconds, "checksum": summary(values_of(result, "out")), "n": m,
            "ns_per_tick": seconds / m * 1e9}


if __name__ == "__main__":
    main({"struct_create": struct_create, "struct_read": struct_read, "struct_write": struct_write,
          "struct_graph": struct_graph})
