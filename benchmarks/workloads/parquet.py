"""Workload 8 — Parquet ingest and egest.

A Parquet file of N rows (time, sym, price, size, bid, ask; one row every
10 ms; written once, deterministically, with pyarrow under
build/benchmarks/data) is

* ``parquet_read_struct``: read with ParquetReader(...).subscribe_all(Trade)
  (a 5-field csp.Struct per row);
* ``parquet_read_float``: read with subscribe_all(float, field_map="price");
* ``parquet_pyarrow_scan``: decoded by pyarrow.parquet.read_table (the same
  columns), the floor a reader built on Arrow can approach — engine-independent;
* ``parquet_write``: N rows of (count: int, value: float) written with
  ParquetWriter.publish from C++ series (csp.count of a 10 ms timer), batch
  size 32768, default compression; the checksum is read back with pyarrow.

The timed read runs record only the last value and the row count (tick_count=1
outputs); the checksum covers every row (count, sum of sizes or prices, last
row). ``ns_per_tick`` is per row; rows/s = 1e9 / ns_per_tick. An engine
without csp.adapters.parquet reports the cases as pending.
"""

import os
from datetime import timedelta
from pathlib import Path

import csp
from _common import main, timed, values_of
from csv_ingest import DATA, START, SYMBOLS, Trade  # the same rows as the CSV workload

COLUMNS = ["time", "sym", "price", "size", "bid", "ask"]


def rows_for(quick: bool) -> int:
    return 100_000 if quick else 1_000_000


def parquet_file(rows: int) -> Path:
    path = DATA / f"trades_{rows}.parquet"
    if path.exists():
        return path
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    DATA.mkdir(parents=True, exist_ok=True)
    i = np.arange(rows, dtype=np.int64)
    price = 100.0 + (i * 7919 % 10007) / 100.0
    table = pa.table({
        "time": pa.array(np.datetime64(START, "ns") + i * np.timedelta64(10, "ms"), pa.timestamp("ns", tz="UTC")),
        "sym": pa.array(np.array(SYMBOLS)[i % len(SYMBOLS)]),
        "price": price, "size": (i * 31) % 500 + 1, "bid": price - 0.01, "ask": price + 0.01,
    })
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    pq.write_table(table, tmp)
    os.replace(tmp, path)
    return path


def _reader(path):
    from csp.adapters.parquet import ParquetReader

    return ParquetReader(path, time_column="time")


def _read(quick: bool, make_edge, checksum_of) -> dict:
    try:
        import csp.adapters.parquet  # noqa: F401
    except ImportError:
        return {"pending": "csp.adapters.parquet is not available"}
    rows = rows_for(quick)
    path = str(parquet_file(rows))
    end = START + timedelta(milliseconds=10 * rows)

    def timed_graph():
        edge = make_edge(_reader(path))
        csp.add_graph_output("last", edge, tick_count=1)
        csp.add_graph_output("count", csp.count(edge), tick_count=1)

    def full_graph():
        csp.add_graph_output("all", make_edge(_reader(path)))

    csp.run(timed_graph, starttime=START, endtime=START + timedelta(seconds=10))  # warm-up: 1,000 rows
    seconds, result = timed(csp.run, timed_graph, starttime=START, endtime=end)
    values = values_of(csp.run(full_graph, starttime=START, endtime=end), "all")
    if values_of(result, "count") != [len(values)] or checksum_of(values_of(result, "last")) != checksum_of(values[-1:]):
        return {"error": "the timed run and the recorded run disagree"}
    return {"seconds": seconds, "checksum": f"rows={len(values)} {checksum_of(values)}", "n": len(values),
            "ns_per_tick": seconds / len(values) * 1e9, "rows_per_second": len(values) / seconds}


def _trades_checksum(trades) -> str:
    if not trades:
        return "empty"
    last = trades[-1]
    return (f"size={sum(t.size for t in trades)} price={sum(t.price for t in trades):.2f} "
            f"last={last.sym}/{last.price:.2f}/{last.size}/{last.bid:.2f}/{last.ask:.2f}")


def _prices_checksum(prices) -> str:
    return f"price={sum(prices):.2f} last={prices[-1]:.2f}" if prices else "empty"


def parquet_read_struct(quick: bool) -> dict:
    return _read(quick, lambda reader: reader.subscribe_all(Trade), _trades_checksum)


def parquet_read_float(quick: bool) -> dict:
    return _read(quick, lambda reader: reader.subscribe_all(float, field_map="price"), _prices_checksum)


def parquet_pyarrow_scan(quick: bool) -> dict:
    import pyarrow.parquet as pq

    rows = rows_for(quick)
    path = str(parquet_file(rows))
    pq.read_table(path, columns=COLUMNS)  # warm-up (page cache)
    seconds, table = timed(pq.read_table, path, columns=COLUMNS)
    sizes, prices = table.column("size").to_pylist(), table.column("price").to_pylist()
    checksum = f"rows={table.num_rows} size={sum(sizes)} price={sum(prices):.2f}"
    return {"seconds": seconds, "checksum": checksum, "n": table.num_rows, "ns_per_tick": seconds / table.num_rows * 1e9,
            "rows_per_second": table.num_rows / seconds}


def parquet_write(quick: bool) -> dict:
    try:
        from csp.adapters.parquet import ParquetOutputConfig, ParquetWriter
    except ImportError:
        return {"pending": "csp.adapters.parquet is not available"}
    import pyarrow.parquet as pq

    rows = rows_for(quick)
    DATA.mkdir(parents=True, exist_ok=True)
    path = str(DATA / f"written_{os.getpid()}.parquet")

    def graph():
        count = csp.count(csp.timer(timedelta(milliseconds=10)))
        writer = ParquetWriter(path, "time", config=ParquetOutputConfig(allow_overwrite=True))
        writer.publish("count", count)
        writer.publish("value", csp.timer(timedelta(milliseconds=10), 0.5))

    end = START + timedelta(milliseconds=10 * rows)
    csp.run(graph, starttime=START, endtime=START + timedelta(seconds=10))  # warm-up
    try:
        seconds, _ = timed(csp.run, graph, starttime=START, endtime=end)
        table = pq.read_table(path)
    finally:
        os.remove(path)
    counts = table.column("count").to_pylist()
    checksum = f"rows={table.num_rows} count={sum(counts)} value={sum(table.column('value').to_pylist()):.2f}"
    return {"seconds": seconds, "checksum": checksum, "n": table.num_rows, "ns_per_tick": seconds / table.num_rows * 1e9,
            "rows_per_second": table.num_rows / seconds}


if __name__ == "__main__":
    main({"parquet_read_struct": parquet_read_struct, "parquet_read_float": parquet_read_float,
          "parquet_pyarrow_scan": parquet_pyarrow_scan, "parquet_write": parquet_write})
