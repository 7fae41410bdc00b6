"""csp.adapters.arrow: record batches <-> struct lists.

The expected lists and batches of the first test are the reference csp
package's (PyPI) output for the same graph.
"""

from datetime import date, datetime, timedelta
from typing import List

import pyarrow as pa
import pytest

import csp
from csp.adapters.arrow import (RecordBatchPullInputAdapter, record_batches_to_struct, struct_to_record_batches,
                                write_record_batches)

START = datetime(2022, 1, 1)


class S(csp.Struct):
    a: int
    b: str
    c: float


SCHEMA = pa.schema([("a", pa.int64()), ("b", pa.string()), ("x", pa.float64())])
B1 = pa.record_batch([pa.array([1, 2]), pa.array(["p", None]), pa.array([1.5, 2.5])], schema=SCHEMA)
B2 = pa.record_batch([pa.array([3]), pa.array(["r"]), pa.array([None], pa.float64())], schema=SCHEMA)


def run(graph):
    return csp.run(graph, starttime=START, endtime=timedelta(seconds=1))


def test_batches_to_structs_and_back_as_the_reference():
    @csp.graph
    def g():
        data = csp.const.using(T=List[pa.RecordBatch])([B1, B2])
        structs = record_batches_to_struct(data, S, SCHEMA, field_map={"a": "a", "b": "b", "c": "x"})
        csp.add_graph_output("s", structs)
        csp.add_graph_output("rb", struct_to_record_batches(structs, S, max_batch_size=2))
        csp.add_graph_output("renamed", struct_to_record_batches(structs, S, field_map={"a": "A"}))

    result = run(g)
    assert result["s"][0][1] == [S(a=1, b="p", c=1.5), S(a=2, c=2.5), S(a=3, b="r")]
    batches = result["rb"][0][1]
    assert [b.num_rows for b in batches] == [2, 1]
    assert batches[0].schema == pa.schema([("a", pa.int64()), ("b", pa.string()), ("c", pa.float64())])
    assert pa.Table.from_batches(batches).to_pylist() == [
        {"a": 1, "b": "p", "c": 1.5}, {"a": 2, "b": None, "c": 2.5}, {"a": 3, "b": "r", "c": None}]
    assert pa.Table.from_batches(result["renamed"][0][1]).to_pylist() == [{"A": 1}, {"A": 2}, {"A": 3}]


def test_round_trip_of_temporal_and_nested_fields():
    class Inner(csp.Struct):
        k: int

    class Row(csp.Struct):
        t: datetime
        d: date
        td: timedelta
        inner: Inner

    rows = [Row(t=START + timedelta(seconds=i), d=date(2020, 1, 1 + i), td=timedelta(milliseconds=i), inner=Inner(k=i))
            for i in range(5)] + [Row()]

    @csp.graph
    def g():
        batches = struct_to_record_batches(csp.const(rows), Row, max_batch_size=4)
        csp.add_graph_output("batches", batches)
        csp.add_graph_output("rows", record_batches_to_struct(batches, Row, pa.schema([(n, pa.null()) for n in
                                                                                        ("t", "d", "td", "inner")])))

    result = run(g)
    table = pa.Table.from_batches(result["batches"][0][1])
    assert table.column("d").to_pylist() == [date(2020, 1, 1 + i) for i in range(5)] + [None]
    assert result["rows"][0][1] == rows


def test_missing_column_is_named():
    @csp.graph
    def g():
        data = csp.const.using(T=List[pa.RecordBatch])([B1])
        csp.add_graph_output("s", record_batches_to_struct(data, S, SCHEMA, field_map={"c": "nope"}))

    with pytest.raises(KeyError, match="record batch has no column 'nope'"):
        run(g)


def test_record_batch_source_ticks_each_time_and_the_writer_writes_every_batch(tmp_path):
    import pyarrow.parquet as pq

    schema = pa.schema([("ts", pa.timestamp("ns")), ("x", pa.int64())])
    times = [START, START, START + timedelta(seconds=1), START + timedelta(seconds=1), START + timedelta(seconds=3)]
    b1 = pa.record_batch([pa.array(times[:3], pa.timestamp("ns")), pa.array([1, 2, 3])], schema=schema)
    b2 = pa.record_batch([pa.array(times[3:], pa.timestamp("ns")), pa.array([4, 5])], schema=schema)
    path = str(tmp_path / "out.parquet")

    @csp.graph
    def g():
        batches = RecordBatchPullInputAdapter("ts", [b1, b2], schema)
        csp.add_graph_output("batches", batches)
        write_record_batches(path, batches, {})

    result = csp.run(g, starttime=START, endtime=timedelta(seconds=10))
    # The reference's output for this graph: a slice per batch a time's rows span.
    assert [(t, [b.column("x").to_pylist() for b in v]) for t, v in result["batches"]] == [
        (START, [[1, 2]]), (START + timedelta(seconds=1), [[3], [4]]), (START + timedelta(seconds=3), [[5]])]
    written = pq.read_table(path)
    assert written.column("x").to_pylist() == [1, 2, 3, 4, 5]
    assert pq.ParquetFile(path).metadata.num_row_groups == 4
