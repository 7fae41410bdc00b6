"""Subscriptions of one Parquet reader that tick on the same row: column values first (by column name), then structs."""
import os
import tempfile
from datetime import datetime, timedelta

import pyarrow as pa
import pyarrow.parquet as pq

import csp
from csp.adapters.parquet import ParquetReader


class RA(csp.Struct):
    a: float


class RB(csp.Struct):
    b: int


class RAB(csp.Struct):
    a: float
    b: int


with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "rows.parquet")
    times = [datetime(2022, 1, 1, 0, 0, s) for s in (1, 1, 2)]
    pq.write_table(pa.table({"time": times, "sym": ["X", "Y", "X"], "b": [10, 20, 30], "a": [1.0, 2.0, 3.0]}), path)

    @csp.graph
    def all_rows():
        reader = ParquetReader(path, time_column="time")
        csp.print("RB", reader.subscribe_all(RB))
        csp.print("a", reader.subscribe_all(float, field_map="a"))
        csp.print("RAB", reader.subscribe_all(RAB))
        csp.print("RA", reader.subscribe_all(RA))
        csp.print("b", reader.subscribe_all(int, field_map="b"))
        csp.print("RB again", reader.subscribe_all(RB))

    @csp.graph
    def by_symbol():
        reader = ParquetReader(path, time_column="time", symbol_column="sym")
        csp.print("X", reader.subscribe("X", RAB))
        csp.print("X.b", reader.subscribe("X", int, field_map="b"))
        csp.print("Y", reader.subscribe("Y", RA))
        csp.print("Y.a", reader.subscribe("Y", float, field_map="a"))

    csp.run(all_rows, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
    csp.run(by_symbol, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
