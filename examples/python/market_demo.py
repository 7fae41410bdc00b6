"""A market-data pipeline on a generated day of trades, run on history and then live.

The same graph computes, per symbol, a VWAP, a rolling mean and standard
deviation of the trade price, and a signal (how far the price is from its
rolling mean, in standard deviations). It runs first on a CSV file of trades
(simulation: engine time, as fast as possible), then in realtime on a feed
pushed from another thread for a few seconds.
"""

import random
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import csp
from csp import ts
from csp.adapters.csv import CSVReader, YYYYMMDD_TIME_formatter

SYMBOLS = ["AAPL", "MSFT", "IBM"]


class Trade(csp.Struct):  # the engine time is the trade's time
    symbol: str
    price: float
    qty: int


@csp.node
def vwap(trade: ts[Trade]) -> ts[float]:
    with csp.state():
        s_notional = 0.0
        s_volume = 0
    s_notional += trade.price * trade.qty
    s_volume += trade.qty
    return s_notional / s_volume


@csp.node
def report(symbol: str, count: ts[int], vwap: ts[float], mean: ts[float], std: ts[float], trigger: ts[bool]) -> ts[str]:
    if csp.ticked(trigger) and csp.valid(count, vwap, mean, std):
        signal = (vwap - mean) / std if std > 0 else 0.0
        return f"{symbol:5} trades={count:<6} vwap={vwap:8.3f} mean={mean:8.3f} std={std:6.3f} signal={signal:+.2f}"


@csp.graph
def pipeline(trades_by_symbol: dict, report_every: timedelta):
    clock = csp.timer(report_every)
    for symbol, trades in trades_by_symbol.items():
        prices = trades.price
        line = report(symbol, csp.count(trades), vwap(trades), csp.stats.mean(prices, interval=50),
                      csp.stats.stddev(prices, interval=50), clock)
        csp.print("summary", line)


def write_history(path: Path, start: datetime, rows: int) -> None:
    rng = random.Random(7)
    prices = {s: 100.0 + 10 * i for i, s in enumerate(SYMBOLS)}
    with path.open("w") as f:
        f.write("time,symbol,price,qty\n")
        for i in range(rows):
            symbol = rng.choice(SYMBOLS)
            prices[symbol] += rng.gauss(0, 0.05)
            stamp = start + timedelta(milliseconds=100 * i)
            f.write(f"{stamp:%Y%m%d %H:%M:%S.%f},{symbol},{prices[symbol]:.3f},{rng.randint(1, 500)}\n")


def history_graph(path: Path):
    reader = CSVReader(str(path), YYYYMMDD_TIME_formatter("time", include_fraction=True), symbol_column="symbol")
    pipeline({s: reader.subscribe(s, Trade) for s in SYMBOLS}, timedelta(minutes=10))


def live_graph(feeds: dict):
    pipeline({s: feed.out() for s, feed in feeds.items()}, timedelta(seconds=1))


def feed_live(feeds: dict, seconds: float) -> None:
    rng = random.Random(11)
    prices = {s: 100.0 + 10 * i for i, s in enumerate(SYMBOLS)}
    for feed in feeds.values():
        feed.wait_for_start(timeout=10)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        symbol = rng.choice(SYMBOLS)
        prices[symbol] += rng.gauss(0, 0.05)
        feeds[symbol].push_tick(Trade(symbol=symbol, price=prices[symbol], qty=rng.randint(1, 500)))
        time.sleep(0.001)


def main() -> None:
    start = datetime(2024, 1, 2, 14, 30)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "trades.csv"
        write_history(path, start, rows=36_000)  # one hour, a trade every 100 ms
        print("== simulation: one hour of trades from CSV, as fast as possible")
        began = time.perf_counter()
        csp.run(history_graph, path, starttime=start, endtime=timedelta(hours=1))
        print(f"   ({time.perf_counter() - began:.2f} s)")

    print("== realtime: the same pipeline on a live feed for 3 seconds")
    feeds = {s: csp.GenericPushAdapter(Trade) for s in SYMBOLS}
    feeder = threading.Thread(target=feed_live, args=(feeds, 3.0), daemon=True)
    feeder.start()
    csp.run(live_graph, feeds, starttime=datetime.utcnow(), endtime=timedelta(seconds=3), realtime=True)
    feeder.join()


if __name__ == "__main__":
    main()
