"""Smoke test of an installed csp, as a new user gets it from `pip install .`.

Run it with the interpreter of the environment csp was installed into, from
any directory but the source tree (so that `import csp` finds the installed
package):

    python tests/install/smoke.py

It checks that
  1. every module of the package imports (walked with pkgutil);
  2. the C++ headers, libraries and CMake package ship with it;
  3. one small graph round-trips trades through CSV, Parquet, Arrow IPC and
     Arrow record batches with the values intact.
Prints one line per check; exits non-zero on the first failed one.
"""

import importlib
import os
import pkgutil
import sys
import tempfile
from datetime import datetime, timedelta
from typing import List

import csp
from csp import ts

START = datetime(2022, 1, 1)
ROWS = [  # (seconds after START, symbol, price, qty)
    (1, "AAPL", 101.5, 10),
    (2, "MSFT", 250.25, 5),
    (3, "AAPL", 102.0, 7),
]


class Trade(csp.Struct):
    sym: str
    price: float
    qty: int


def check(condition: bool, message: str) -> None:
    if not condition:
        sys.exit(f"FAILED: {message}")


def import_every_module() -> None:
    """Imports csp and every module below it; fails listing those that do not import."""
    names, failures = ["csp"], []
    for module in pkgutil.walk_packages(csp.__path__, "csp.", onerror=lambda name: failures.append((name, "walk"))):
        names.append(module.name)
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as error:  # noqa: BLE001 (every failure is reported)
            failures.append((name, f"{type(error).__name__}: {error}"))
    check(not failures, "modules that do not import:\n  " + "\n  ".join(f"{n}: {e}" for n, e in failures))
    print(f"ok   {len(names)} modules import (from {os.path.dirname(csp.__file__)})")


def check_cpp_files() -> None:
    """The headers and libraries for building C++ nodes against this csp."""
    include, lib = csp.get_include_path(), csp.get_lib_path()
    for path in (os.path.join(include, "csp", "csp.h"), os.path.join(lib, "libcsp.a"),
                 os.path.join(lib, "libcsp_parquet.a"), os.path.join(lib, "cmake", "csp", "cspConfig.cmake")):
        check(os.path.isfile(path), f"{path} is not installed")
    print(f"ok   C++ headers in {include}, libraries in {lib}")


def write_csv(path: str) -> None:
    with open(path, "w") as out:
        out.write("time,sym,price,qty\n")
        for seconds, sym, price, qty in ROWS:
            out.write(f"{(START + timedelta(seconds=seconds)).isoformat()},{sym},{price},{qty}\n")


def trade_tuples(ticks) -> list:
    return [(t, v.sym, v.price, v.qty) for t, v in ticks]


def expected_trades() -> list:
    return [(START + timedelta(seconds=s), sym, price, qty) for s, sym, price, qty in ROWS]


def csv_to_parquet_and_arrow(csv_path: str, parquet_path: str, arrow_path: str) -> None:
    """CSV in; the same trades out to a Parquet file and an Arrow IPC file."""
    from csp.adapters.csv import CSVReader
    from csp.adapters.parquet import ParquetOutputConfig, ParquetWriter

    def graph():
        reader = CSVReader(csv_path, lambda row: datetime.fromisoformat(row["time"]))
        trades = reader.subscribe_all(Trade)
        ParquetWriter(parquet_path, "time").publish_struct(trades)
        ParquetWriter(arrow_path, "time", config=ParquetOutputConfig(write_arrow_binary=True)).publish_struct(trades)
        csp.add_graph_output("csv", trades)

    out = csp.run(graph, starttime=START, endtime=timedelta(minutes=1))
    check(trade_tuples(out["csv"]) == expected_trades(), f"CSV read back {out['csv']}")
    print("ok   CSV read; Parquet and Arrow IPC files written")


def read_back(parquet_path: str, arrow_path: str) -> None:
    from csp.adapters.parquet import ParquetReader

    def graph():
        csp.add_graph_output("parquet", ParquetReader(parquet_path, time_column="time").subscribe_all(Trade))
        arrow = ParquetReader(arrow_path, time_column="time", binary_arrow=True)
        csp.add_graph_output("arrow", arrow.subscribe_all(Trade))

    out = csp.run(graph, starttime=START, endtime=timedelta(minutes=1))
    for name in ("parquet", "arrow"):
        check(trade_tuples(out[name]) == expected_trades(), f"{name} file read back {out[name]}")
    print("ok   Parquet and Arrow IPC files read back with the same trades")


def record_batch_round_trip() -> None:
    import pyarrow as pa

    from csp.adapters.arrow import record_batches_to_struct, struct_to_record_batches

    trades = [Trade(sym=sym, price=price, qty=qty) for _, sym, price, qty in ROWS]
    schema = pa.schema([("sym", pa.string()), ("price", pa.float64()), ("qty", pa.int64())])

    @csp.graph
    def graph() -> ts[List[Trade]]:
        batches = struct_to_record_batches(csp.const(trades), Trade, max_batch_size=2)
        return record_batches_to_struct(batches, Trade, schema)

    out = csp.run(graph, starttime=START, endtime=timedelta(seconds=1))[0]
    check(len(out) == 1, f"one list of trades expected, got {out}")
    back = [(t.sym, t.price, t.qty) for t in out[0][1]]
    check(back == [(sym, price, qty) for _, sym, price, qty in ROWS], f"record batches round trip gave {back}")
    print("ok   trades -> Arrow record batches -> trades")


def main() -> None:
    import_every_module()
    check_cpp_files()
    with tempfile.TemporaryDirectory() as scratch:
        csv_path = os.path.join(scratch, "trades.csv")
        parquet_path = os.path.join(scratch, "trades.parquet")
        arrow_path = os.path.join(scratch, "trades.arrow")
        write_csv(csv_path)
        csv_to_parquet_and_arrow(csv_path, parquet_path, arrow_path)
        read_back(parquet_path, arrow_path)
    record_batch_round_trip()
    print("smoke test passed")


if __name__ == "__main__":
    main()
