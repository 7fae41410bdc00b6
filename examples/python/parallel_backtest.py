"""A parameter sweep of the market demo's signal, 8 backtests in parallel on a Dask LocalCluster.

The signal of examples/python/market_demo.py (how far a symbol's VWAP is
from the rolling mean of its trade prices, in rolling standard deviations)
drives a toy strategy: short one lot when the signal is above +threshold,
long when below -threshold, flat in between. Each (window, threshold) pair
is one shard: one csp.run of the same graph on the same hour of trades,
run on a worker process of a LocalCluster by csp.distributed.run_many.
The table ranks the parameter sets by P&L; one shard is then rerun here,
serially, to show the distributed result is the same.

Point the same code at a cluster by passing client=Client("tcp://scheduler:8786")
(the workers need csp installed and the CSV file reachable).
"""

import argparse
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import distributed

import csp
import csp.distributed
from csp import ts
from csp.adapters.csv import CSVReader, YYYYMMDD_TIME_formatter
from market_demo import SYMBOLS, Trade, vwap, write_history

WINDOWS = (25, 50, 100, 200)
THRESHOLDS = (1.0, 2.0)


class Book(csp.Struct):
    position: int
    trades: int
    pnl: float


@csp.node
def signal(vwap: ts[float], mean: ts[float], std: ts[float]) -> ts[float]:
    if csp.valid(vwap, mean, std) and std > 0:
        return (vwap - mean) / std


@csp.node
def strategy(signal: ts[float], price: ts[float], threshold: float) -> ts[Book]:
    """Marks the position to the last trade price; trades one lot when the signal crosses the threshold."""
    with csp.state():
        s_position = 0
        s_trades = 0
        s_cash = 0.0
    if csp.ticked(signal) and csp.valid(price):
        target = -1 if signal > threshold else (1 if signal < -threshold else 0)
        if target != s_position:
            s_cash -= (target - s_position) * price
            s_trades += abs(target - s_position)
            s_position = target
    if csp.valid(price):
        return Book(position=s_position, trades=s_trades, pnl=s_cash + s_position * price)


@csp.graph
def backtest(trades_path: str, window: int, threshold: float):
    reader = CSVReader(trades_path, YYYYMMDD_TIME_formatter("time", include_fraction=True), symbol_column="symbol")
    for symbol in SYMBOLS:
        trades = reader.subscribe(symbol, Trade)
        prices = trades.price
        s = signal(vwap(trades), csp.stats.mean(prices, interval=window), csp.stats.stddev(prices, interval=window))
        csp.add_graph_output(symbol, csp.sample(csp.timer(timedelta(minutes=1)), strategy(s, prices, threshold)))


def final_pnl(outputs: dict) -> tuple:
    """Total P&L and trade count over the symbols, at the last minute."""
    books = [ticks[-1][1] for ticks in outputs.values() if ticks]
    return sum(book.pnl for book in books), sum(book.trades for book in books)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=60, help="minutes of generated trades")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--progress", action="store_true", help="show Dask's progress bar across the shards")
    args = parser.parse_args()
    start = datetime(2024, 1, 2, 14, 30)
    sweep = {(window, threshold): {"window": window, "threshold": threshold}
             for window in WINDOWS for threshold in THRESHOLDS}
    with tempfile.TemporaryDirectory() as tmp:
        trades, quotes = Path(tmp) / "trades.csv", Path(tmp) / "quotes.csv"
        write_history(trades, quotes, start, rows=args.minutes * 600)
        run = {"trades_path": str(trades), "starttime": start, "endtime": timedelta(minutes=args.minutes)}
        with distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                                      host="127.0.0.1", dashboard_address="127.0.0.1:0") as cluster, \
                distributed.Client(cluster) as client:
            began = time.perf_counter()
            results = csp.distributed.run_many(backtest, sweep, client=client, progress=args.progress, **run)
            seconds = time.perf_counter() - began
        print(f"== {len(sweep)} backtests of {args.minutes} minutes on {args.workers} workers ({seconds:.2f} s)")
        print("window threshold       pnl  trades")
        ranked = sorted(sweep, key=lambda key: -final_pnl(results[key])[0])
        for key in ranked:
            pnl, count = final_pnl(results[key])
            print(f"{key[0]:>6} {key[1]:>9.1f} {pnl:>9.2f} {count:>7}")
        best = ranked[0]
        serial = csp.run(backtest, **sweep[best], **run)
        same = all(_same(serial[symbol], results[best][symbol]) for symbol in SYMBOLS)
        print(f"best {best}: the same books as a serial csp.run: {same}")


def _same(a: list, b: list) -> bool:
    return [(t, v.to_dict()) for t, v in a] == [(t, v.to_dict()) for t, v in b]

if __name__ == "__main__":
    main()
