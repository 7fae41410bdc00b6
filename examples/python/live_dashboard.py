"""A live dashboard: a running graph's quotes, per-symbol statistics and trades in Perspective, in the browser.

    python examples/python/live_dashboard.py --port 8080 --seconds 600
    # then open http://localhost:8080/  (tables: /?table=quotes, /?table=stats, /?table=trades)

A generator node ticks random-walk quotes for a few symbols in realtime; the
graph derives a mid price and its rolling mean per symbol, and prints a
trade when the spread is tight. ``csp.adapters.perspective.PerspectiveAdapter``
publishes three tables: ``quotes`` (one row per symbol, updated in place),
``stats`` (one row per symbol) and ``trades`` (the last 50). With
``--playback`` the same graph runs on simulated time instead (as fast as
possible), the tables filling in engine-time order.
"""

import argparse
import random
import sys
from datetime import datetime, timedelta

import csp
from csp import ts
from csp.adapters.perspective import PerspectiveAdapter

SYMBOLS = ["AAPL", "MSFT", "IBM", "NVDA"]


class Quote(csp.Struct):
    symbol: str
    bid: float
    ask: float
    updates: int
    time: datetime


class Trade(csp.Struct):
    symbol: str
    price: float
    qty: int


@csp.node
def quotes(interval: timedelta, seed: int) -> ts[Quote]:
    """Random-walk quotes: one symbol per tick, round robin."""
    with csp.alarms():
        tick = csp.alarm(int)
    with csp.state():
        s_rng = random.Random(seed)
        s_mid = {symbol: 100.0 + 50 * i for i, symbol in enumerate(SYMBOLS)}
    with csp.start():
        csp.schedule_alarm(tick, interval, 0)
    if csp.ticked(tick):
        csp.schedule_alarm(tick, interval, tick + 1)
        symbol = SYMBOLS[tick % len(SYMBOLS)]
        s_mid[symbol] *= 1 + s_rng.gauss(0, 0.001)
        half = s_mid[symbol] * s_rng.uniform(0.0001, 0.001)
        return Quote(symbol=symbol, bid=round(s_mid[symbol] - half, 4), ask=round(s_mid[symbol] + half, 4),
                     updates=tick // len(SYMBOLS) + 1, time=csp.now())


@csp.node
def tight_trades(q: ts[Quote], threshold: float) -> ts[Trade]:
    if csp.ticked(q) and (q.ask - q.bid) / q.ask < threshold:
        return Trade(symbol=q.symbol, price=round((q.bid + q.ask) / 2, 4), qty=100)


@csp.graph
def dashboard(port: int, throttle: timedelta, interval: timedelta):
    data = quotes(interval, 7)
    adapter = PerspectiveAdapter(port, throttle=throttle)

    quotes_table = adapter.create_table("quotes", index="symbol")
    quotes_table.publish(data)
    quotes_table.publish((data.bid + data.ask) / 2, field_map="mid")

    stats = adapter.create_table("stats", index="symbol")
    for symbol in SYMBOLS:
        quote = csp.filter(data.symbol == symbol, data)
        mid = (quote.bid + quote.ask) / 2
        stats.publish(quote.symbol, field_map="symbol")
        stats.publish(csp.stats.mean(mid, interval=20, min_window=1), field_map="mean_mid")
        stats.publish(csp.stats.max(mid, interval=20, min_window=1), field_map="max_mid")

    adapter.create_table("trades", limit=50).publish(tight_trades(data, 0.0008))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--seconds", type=float, default=600.0, help="how long the graph runs (realtime)")
    parser.add_argument("--interval-ms", type=float, default=50.0, help="time between quotes")
    parser.add_argument("--throttle-ms", type=float, default=250.0, help="how often the browser gets new rows")
    parser.add_argument("--playback", action="store_true", help="run on simulated time, as fast as possible")
    args = parser.parse_args(argv)
    interval = timedelta(milliseconds=args.interval_ms)
    throttle = timedelta(milliseconds=args.throttle_ms)
    print(f"serving http://localhost:{args.port}/ (tables: quotes, stats, trades)", flush=True)
    if args.playback:
        start = datetime(2024, 1, 2, 9, 30)
        csp.run(dashboard, args.port, throttle, interval, starttime=start, endtime=timedelta(seconds=args.seconds))
        print("playback done", flush=True)
        return
    csp.run(dashboard, args.port, throttle, interval, starttime=datetime.utcnow(),
            endtime=timedelta(seconds=args.seconds), realtime=True)


if __name__ == "__main__":
    main(sys.argv[1:])
