"""Workload 6 — CSV ingest: rows of a 5-field csp.Struct read by CSVReader.

A CSV file of N rows (time, sym, price, size, bid, ask; one row every 10 ms,
generated once, deterministically, under build/benchmarks/data) is read with
csp.adapters.csv.CSVReader(...).subscribe_all(Trade) in simulation. The timed
run records only the last struct and the row count (tick_count=1 outputs, a
C++ csp.count), so the figure is the reader's; a second, untimed run records
every row for the checksum (count, sum of sizes, rounded sums of prices,
first and last row).

``ns_per_tick`` is per row; rows/s = 1e9 / ns_per_tick. An engine without
csp.adapters.csv reports the case as pending.
"""

import os
from datetime import datetime, timedelta
from pathlib import Path

import csp
from _common import main, timed, values_of

DATA = Path(__file__).resolve().parents[2] / "build" / "benchmarks" / "data"
START = datetime(2020, 1, 2, 9, 30)
SYMBOLS = ["AAPL", "MSFT", "GOOG", "AMZN", "META", "NVDA", "TSLA", "IBM"]


class Trade(csp.Struct):
    sym: str
    price: float
    size: int
    bid: float
    ask: float


def csv_file(rows: int) -> Path:
    path = DATA / f"trades_{rows}.csv"
    if path.exists():
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    with open(tmp, "w") as f:
        f.write("time,sym,price,size,bid,ask\n")
        for i in range(rows):
            t = START + timedelta(milliseconds=10 * i)
            price = 100.0 + (i * 7919 % 10007) / 100.0
            f.write(f"{t:%Y%m%d %H:%M:%S.%f},{SYMBOLS[i % len(SYMBOLS)]},{price:.2f},{(i * 31) % 500 + 1},"
                    f"{price - 0.01:.2f},{price + 0.01:.2f}\n")
    os.replace(tmp, path)
    return path


def csv_ingest(quick: bool) -> dict:
    try:
        from csp.adapters.csv import CSVReader, YYYYMMDD_TIME_formatter
    except ImportError:
        return {"pending": "csp.adapters.csv is not available"}
    rows = 20_000 if quick else 200_000
    path = str(csv_file(rows))
    end = START + timedelta(milliseconds=10 * rows)

    def timed_graph():
        trades = CSVReader(path, YYYYMMDD_TIME_formatter("time", include_fraction=True)).subscribe_all(Trade)
        csp.add_graph_output("last", trades, tick_count=1)
        csp.add_graph_output("count", csp.count(trades), tick_count=1)

    def full_graph():
        trades = CSVReader(path, YYYYMMDD_TIME_formatter("time", include_fraction=True)).subscribe_all(Trade)
        csp.add_graph_output("trades", trades)

    csp.run(timed_graph, starttime=START, endtime=START + timedelta(seconds=10))  # warm-up: 1,000 rows
    seconds, result = timed(csp.run, timed_graph, starttime=START, endtime=end)
    ticks = csp.run(full_graph, starttime=START, endtime=end)["trades"]
    trades = [v for _, v in ticks]

    def row(t):
        return f"{t.sym}/{t.price:.2f}/{t.size}/{t.bid:.2f}/{t.ask:.2f}"

    checksum = (f"rows={len(trades)} size={sum(t.size for t in trades)} price={sum(t.price for t in trades):.2f} "
                f"first={ticks[0][0].isoformat()}:{row(trades[0])} last={ticks[-1][0].isoformat()}:{row(trades[-1])}")
    if values_of(result, "count") != [len(trades)] or row(values_of(result, "last")[0]) != row(trades[-1]):
        return {"error": "the timed run and the recorded run disagree"}
    return {"seconds": seconds, "checksum": checksum, "n": len(trades), "ns_per_tick": seconds / len(trades) * 1e9,
            "rows_per_second": len(trades) / seconds}


if __name__ == "__main__":
    main({"csv_ingest": csv_ingest})
