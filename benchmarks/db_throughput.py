#!/usr/bin/env python3
"""DBReader throughput, our csp vs the reference csp, on SQLite and a real PostgreSQL server in the same run.

    benchmarks/db_throughput.py [--rows 200000] [--repeat 3] [--no-postgres]

Fills a table of N trades (time, sym, price, qty; 4 symbols) in a SQLite file
and, unless --no-postgres, in a PostgreSQL cluster started for the run
(tests/servers/postgres_server.py). Then, for each repetition and each engine
(interleaved, each run in its own process: ``python3`` for ours,
``.venv-ref/bin/python`` for the reference), a graph reads the table with a
TimestampAccessor into one struct subscription per symbol and sums a field;
the sums must be equal between engines. Prints rows per second (median) and
the ratio reference time / our time (>1: we are faster).

As a workload (one run, on whichever csp this interpreter imports):
``db_throughput.py workload URL`` prints {"seconds": ..., "checksum": ...}.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINES = {"ours": sys.executable, "reference": str(ROOT / ".venv-ref" / "bin" / "python")}
START = datetime(2022, 1, 1)
SYMBOLS = ["AAPL", "MSFT", "IBM", "GOOG"]


def workload(url):
    import sqlalchemy as sa

    import csp
    from csp import ts
    from csp.adapters.db import DBReader, TimestampAccessor

    class Trade(csp.Struct):
        sym: str
        price: float
        qty: int

    @csp.node
    def total(x: ts[Trade]) -> ts[int]:
        with csp.state():
            s_sum = 0
        s_sum += x.qty
        return s_sum

    def g(engine):
        reader = DBReader(engine, TimestampAccessor("time", tz=timezone.utc), table_name="trades",
                          symbol_column="sym")
        for sym in SYMBOLS:
            csp.add_graph_output(sym, total(reader.subscribe(sym, Trade)), tick_count=1)

    engine = sa.create_engine(url)
    started = time.perf_counter()
    out = csp.run(g, engine, starttime=START, endtime=timedelta(days=30))
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "checksum": sum(out[s][-1][1] for s in SYMBOLS if out[s])}


def fill(url, rows):
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    trades = sa.Table("trades", sa.MetaData(), sa.Column("time", sa.DateTime), sa.Column("sym", sa.String),
                      sa.Column("price", sa.Float), sa.Column("qty", sa.Integer))
    trades.drop(engine, checkfirst=True)
    trades.create(engine)
    step = timedelta(milliseconds=10)
    with engine.begin() as conn:
        for first in range(0, rows, 50_000):
            conn.execute(trades.insert(), [dict(time=START + i * step, sym=SYMBOLS[i % 4], price=100 + i % 7,
                                                qty=i % 100) for i in range(first, min(rows, first + 50_000))])
    engine.dispose()


def run_engine(python, url):
    result = subprocess.run([python, __file__, "workload", url], capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        raise RuntimeError(f"{python} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(name, url, rows, repeat):
    fill(url, rows)
    times = {engine: [] for engine in ENGINES}
    checksums = set()
    for rep in range(repeat):
        order = list(ENGINES) if rep % 2 == 0 else list(reversed(ENGINES))
        for engine in order:
            result = run_engine(ENGINES[engine], url)
            times[engine].append(result["seconds"])
            checksums.add(result["checksum"])
    if len(checksums) != 1:
        raise RuntimeError(f"{name}: the engines disagree: checksums {sorted(checksums)}")
    ours, ref = statistics.median(times["ours"]), statistics.median(times["reference"])
    print(f"{name:<11} {rows / ours:>12,.0f} {rows / ref:>12,.0f} {ref / ours:>7.2f}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    print(f"rows per second (median of {args.repeat}), {args.rows:,} rows, 4 symbol subscriptions")
    print(f"{'database':<11} {'ours':>12} {'reference':>12} {'ratio':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        measure("sqlite", f"sqlite:///{tmp}/trades.db", args.rows, args.repeat)
    if not args.no_postgres:
        sys.path.insert(0, str(ROOT / "tests" / "servers"))
        from postgres_server import PostgresServer

        with PostgresServer() as server:
            measure("postgresql", server.url, args.rows, args.repeat)


if __name__ == "__main__":
    if sys.argv[1:2] == ["workload"]:
        print(json.dumps(workload(sys.argv[2])))
    else:
        main()
