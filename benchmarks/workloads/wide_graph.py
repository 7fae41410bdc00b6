"""Workload 15 — wide graph: 10,000 symbols demultiplexed, a small sub-graph each.

One stream of prices over 10,000 symbols (a symbol and a price series ticking
together, one row per millisecond, symbols in turn) is split by
csp.demultiplex into a dict basket of 10,000 edges. Each symbol's edge feeds
a sub-graph of five C++ built-ins: the previous price (csp.delay by one
tick), the change, a comparison, a filter of the rises, and their count. The
counts are gathered by csp.collect (only the symbols that ticked in a cycle)
and counted; every 100th symbol's last count is a graph output, and so is
the last collected list.

The graph has ~50,000 nodes, so building it is part of what a user waits for:
``build_seconds`` is the same graph run for no rows. ``ns_per_row`` is the
whole run (build included) per input row.
"""

from datetime import timedelta

import csp
from csp import ts
from _common import START, main, timed

SYMBOLS = [f"S{i:05d}" for i in range(10_000)]


@csp.graph
def rises(price: ts[float]) -> ts[int]:
    change = price - csp.delay(price, 1)
    return csp.count(csp.filter(change > 0.0, change))


def graph(symbols: list, prices: list):
    symbol = csp.curve(str, symbols)
    price = csp.curve(float, prices)
    by_symbol = csp.demultiplex(price, symbol, SYMBOLS)
    counts = {name: rises(by_symbol[name]) for name in SYMBOLS}
    collected = csp.collect(list(counts.values()))
    csp.add_graph_output("cycles", csp.count(collected), tick_count=1)
    csp.add_graph_output("last", collected, tick_count=1)
    for name in SYMBOLS[::100]:
        csp.add_graph_output(name, counts[name], tick_count=1)


def rows(n: int):
    """(symbols, prices): curve data, a row per millisecond, symbols in turn."""
    times = [timedelta(milliseconds=i + 1) for i in range(n)]
    symbols = [(t, SYMBOLS[i % len(SYMBOLS)]) for i, t in enumerate(times)]
    prices = [(t, 100.0 + (i * 7919 % 10007) / 100.0) for i, t in enumerate(times)]
    return symbols, prices


def checksum(result) -> str:
    counts = [result[name][-1][1] for name in SYMBOLS[::100] if result[name]]
    (cycles,) = [v for _, v in result["cycles"]]
    (last,) = [v for _, v in result["last"]]
    return f"cycles={cycles} sampled={len(counts)} rises={sum(counts)} last={last}"


def wide_graph(quick: bool) -> dict:
    n = 100_000 if quick else 1_000_000
    end = START + timedelta(milliseconds=n)
    build_seconds, _ = timed(csp.run, graph, [], [], starttime=START, endtime=end)
    symbols, prices = rows(n)
    seconds, result = timed(csp.run, graph, symbols, prices, starttime=START, endtime=end)
    return {"seconds": seconds, "checksum": checksum(result), "n": n, "build_seconds": build_seconds,
            "ns_per_row": seconds / n * 1e9}


if __name__ == "__main__":
    main({"wide_graph": wide_graph})
