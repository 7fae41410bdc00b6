"""Workload 14 — mixed backtest: the shape of a real research graph.

The Parquet file of the parquet workload (time, sym, price, size, bid, ask;
one row every 10 ms) is read as a 5-field csp.Struct per row; its fields feed
20 C++ built-ins (field reads, arithmetic, a delay, comparisons, a cast),
rolling statistics (mean and standard deviation of returns over 100 ticks, an
EMA of the mid price) and 20 Python nodes: five strategies, each a chain of
four user nodes (z-score, a position with state, a running P&L, a VWAP of the
traded prices). The P&L of each strategy, the z-scores and the mid EMA are
graph outputs returned as numpy arrays (``output_numpy=True``).

Every node ticks on every row, so ``ns_per_row`` is the cost of one row
through the whole graph. The checksum covers every output (sums rounded to 9
significant digits: the two engines' rolling statistics sum in different
orders).
"""

from datetime import timedelta

import numpy as np

import csp
from csp import ts
from _common import main, timed
from csv_ingest import START, Trade
from parquet import parquet_file

STRATEGIES = [(0.1, 0.9), (0.2, 0.8), (0.3, 0.7), (0.4, 0.6), (0.5, 0.5)]  # (entry threshold, decay)


@csp.node
def zscore(x: ts[float], mean: ts[float], std: ts[float], decay: float) -> ts[float]:
    with csp.state():
        s_smooth = 0.0
    if csp.valid(mean, std) and std > 0.0:
        s_smooth = decay * s_smooth + (1.0 - decay) * (x - mean) / std
        return s_smooth


@csp.node
def position(signal: ts[float], threshold: float) -> ts[float]:
    with csp.state():
        s_position = 0.0
    if signal > threshold:
        s_position = -1.0
    elif signal < -threshold:
        s_position = 1.0
    elif abs(signal) < threshold / 4:
        s_position = 0.0
    return s_position


@csp.node
def pnl(pos: ts[float], ret: ts[float], cost: ts[float]) -> ts[float]:
    with csp.state():
        s_total = 0.0
        s_last = 0.0
    if csp.ticked(ret) and csp.valid(ret):
        s_total += s_last * ret
    if csp.ticked(pos) and pos != s_last:
        s_total -= abs(pos - s_last) * cost
        s_last = pos
    return s_total


@csp.node
def vwap(price: ts[float], size: ts[float], pos: ts[float]) -> ts[float]:
    with csp.state():
        s_notional = 0.0
        s_volume = 0.0
    if csp.ticked(pos) and pos != 0.0:
        s_notional += price * size
        s_volume += size
    if s_volume > 0.0:
        return s_notional / s_volume


def graph(path: str):
    from csp.adapters.parquet import ParquetReader

    trades = ParquetReader(path, time_column="time").subscribe_all(Trade)
    price, bid, ask = trades.price, trades.bid, trades.ask                 # 3 field reads
    size = csp.cast_int_to_float(trades.size)                              # 2
    mid = (bid + ask) / 2.0                                                # 2
    spread = ask - bid                                                     # 1
    cost = spread / mid * 0.5                                              # 2
    previous = csp.delay(price, 1)                                         # 1
    ret = price / previous - 1.0                                           # 2
    big = csp.filter(abs(ret) < 0.5, ret)                                  # 3 (abs, <, filter)
    notional = price * size                                                # 1
    wide = csp.filter(spread > 0.015, notional)                            # 2
    mean = csp.stats.mean(big, interval=100, min_window=10)
    std = csp.stats.stddev(big, interval=100, min_window=10)
    csp.add_graph_output("mid_ema", csp.stats.ema(mid, alpha=0.05))
    csp.add_graph_output("wide_count", csp.count(wide), tick_count=1)     # 1
    for k, (threshold, decay) in enumerate(STRATEGIES):
        z = zscore(big, mean, std, decay)
        pos = position(z, threshold)
        csp.add_graph_output(f"pnl{k}", pnl(pos, ret, cost))
        csp.add_graph_output(f"vwap{k}", vwap(price, size, pos), tick_count=1)
        csp.add_graph_output(f"z{k}", z)


def checksum(result) -> str:
    parts = []
    for name in sorted(result):
        times, values = result[name]
        values = np.asarray(values, dtype=float)
        last = f"{values[-1]:.9g}" if len(values) else "-"
        parts.append(f"{name}:{len(values)}/{float(np.sum(values)):.9g}/{last}")
    return " ".join(parts)


def mixed_backtest(quick: bool) -> dict:
    try:
        import csp.adapters.parquet  # noqa: F401
    except ImportError:
        return {"pending": "csp.adapters.parquet is not available"}
    rows = 20_000 if quick else 200_000
    path = str(parquet_file(rows))
    end = START + timedelta(milliseconds=10 * rows)
    csp.run(graph, path, starttime=START, endtime=START + timedelta(seconds=10), output_numpy=True)  # warm-up
    seconds, result = timed(csp.run, graph, path, starttime=START, endtime=end, output_numpy=True)
    return {"seconds": seconds, "checksum": checksum(result), "n": rows, "ns_per_row": seconds / rows * 1e9}


if __name__ == "__main__":
    main({"mixed_backtest": mixed_backtest})
