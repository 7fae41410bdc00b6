"""A market-data pipeline on generated trades and quotes, run on history and then live.

The same graph computes, per symbol, a VWAP of the trades, the average
bid/ask spread of the quotes, a rolling mean and standard deviation of the
trade price, and a signal (how far the VWAP is from the rolling mean, in
standard deviations). It runs first on CSV files of an hour of trades and
quotes (simulation: engine time, as fast as possible), then in realtime on
feeds pushed from another thread for a few seconds.
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


class Quote(csp.Struct):
    symbol: str
    bid: float
    ask: float


@csp.node
def vwap(trade: ts[Trade]) -> ts[float]:
    with csp.state():
        s_notional = 0.0
        s_volume = 0
    s_notional += trade.price * trade.qty
    s_volume += trade.qty
    return s_notional / s_volume


@csp.node
def report(symbol: str, count: ts[int], vwap: ts[float], spread: ts[float], mean: ts[float], std: ts[float],
           trigger: ts[bool]) -> ts[str]:
    if csp.ticked(trigger) and csp.valid(count, vwap, spread, mean, std):
        signal = (vwap - mean) / std if std > 0 else 0.0
        return (f"{symbol:5} trades={count:<6} vwap={vwap:8.3f} spread={spread:6.4f} "
                f"mean={mean:8.3f} std={std:6.3f} signal={signal:+.2f}")


@csp.graph
def pipeline(trades_by_symbol: dict, quotes_by_symbol: dict, report_every: timedelta):
    clock = csp.timer(report_every)
    for symbol, trades in trades_by_symbol.items():
        quotes = quotes_by_symbol[symbol]
        prices = trades.price
        spread = csp.stats.mean(quotes.ask - quotes.bid, interval=100)
        line = report(symbol, csp.count(trades), vwap(trades), spread, csp.stats.mean(prices, interval=50),
                      csp.stats.stddev(prices, interval=50), clock)
        csp.print("summary", line)


def write_history(trades_path: Path, quotes_path: Path, start: datetime, rows: int) -> None:
    """Writes `rows` trades and `rows` quotes, one of each every 100 ms, around a random walk per symbol."""
    rng = random.Random(7)
    prices = {s: 100.0 + 10 * i for i, s in enumerate(SYMBOLS)}
    with trades_path.open("w") as trades, quotes_path.open("w") as quotes:
        trades.write("time,symbol,price,qty\n")
        quotes.write("time,symbol,bid,ask\n")
        for i in range(rows):
            symbol = rng.choice(SYMBOLS)
            prices[symbol] += rng.gauss(0, 0.05)
            stamp = f"{start + timedelta(milliseconds=100 * i):%Y%m%d %H:%M:%S.%f}"
            half_spread = 0.005 + rng.random() * 0.01
            quotes.write(f"{stamp},{symbol},{prices[symbol] - half_spread:.4f},{prices[symbol] + half_spread:.4f}\n")
            trades.write(f"{stamp},{symbol},{prices[symbol]:.3f},{rng.randint(1, 500)}\n")


def history_graph(trades_path: Path, quotes_path: Path):
    time_format = YYYYMMDD_TIME_formatter("time", include_fraction=True)
    trades = CSVReader(str(trades_path), time_format, symbol_column="symbol")
    quotes = CSVReader(str(quotes_path), time_format, symbol_column="symbol")
    pipeline({s: trades.subscribe(s, Trade) for s in SYMBOLS}, {s: quotes.subscribe(s, Quote) for s in SYMBOLS},
             timedelta(minutes=10))


def live_graph(trade_feeds: dict, quote_feeds: dict):
    pipeline({s: feed.out() for s, feed in trade_feeds.items()}, {s: feed.out() for s, feed in quote_feeds.items()},
             timedelta(seconds=1))


def feed_live(trade_feeds: dict, quote_feeds: dict, seconds: float) -> None:
    """A simulated exchange: a quote and a trade every millisecond, pushed from this thread."""
    rng = random.Random(11)
    prices = {s: 100.0 + 10 * i for i, s in enumerate(SYMBOLS)}
    for feed in [*trade_feeds.values(), *quote_feeds.values()]:
        feed.wait_for_start(timeout=10)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        symbol = rng.choice(SYMBOLS)
        prices[symbol] += rng.gauss(0, 0.05)
        half_spread = 0.005 + rng.random() * 0.01
        quote_feeds[symbol].push_tick(Quote(symbol=symbol, bid=prices[symbol] - half_spread,
                                            ask=prices[symbol] + half_spread))
        trade_feeds[symbol].push_tick(Trade(symbol=symbol, price=prices[symbol], qty=rng.randint(1, 500)))
        time.sleep(0.001)


def main() -> None:
    start = datetime(2024, 1, 2, 14, 30)
    with tempfile.TemporaryDirectory() as tmp:
        trades, quotes = Path(tmp) / "trades.csv", Path(tmp) / "quotes.csv"
        write_history(trades, quotes, start, rows=36_000)  # one hour, a trade and a quote every 100 ms
        print("== simulation: one hour of trades and quotes from CSV, as fast as possible")
        began = time.perf_counter()
        csp.run(history_graph, trades, quotes, starttime=start, endtime=timedelta(hours=1))
        print(f"   ({time.perf_counter() - began:.2f} s)")

    print("== realtime: the same pipeline on live feeds for 3 seconds")
    trade_feeds = {s: csp.GenericPushAdapter(Trade) for s in SYMBOLS}
    quote_feeds = {s: csp.GenericPushAdapter(Quote) for s in SYMBOLS}
    feeder = threading.Thread(target=feed_live, args=(trade_feeds, quote_feeds, 3.0), daemon=True)
    feeder.start()
    csp.run(live_graph, trade_feeds, quote_feeds, starttime=datetime.utcnow(), endtime=timedelta(seconds=3),
            realtime=True)
    feeder.join()


if __name__ == "__main__":
    main()
