"""Parquet split column directories, dict baskets and column metadata.

The layouts are asserted with pyarrow directly; the interop tests at the end
run the reference csp (in /work/main/.venv-ref) in a subprocess to write files
ours reads, and to read files ours writes.
"""

import os
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import numpy
import pyarrow as pa
import pyarrow.ipc
import pyarrow.parquet as pq
import pytest

import csp
from csp.adapters.output_adapters.parquet import ParquetOutputConfig, ParquetWriter, resolve_array_shape_column_name
from csp.adapters.parquet import ParquetReader

ST = datetime(2022, 1, 1)
S = timedelta(seconds=1)


class Quote(csp.Struct):
    bid: float
    size: int
    venue: str


def _curve(typ, points):
    return csp.curve(typ, [(ST + i * S, v) for i, v in points])


def _run(graph, seconds=10):
    return csp.run(graph, starttime=ST, endtime=timedelta(seconds=seconds))


def _column(path, arrow_ipc=False):
    table = pa.ipc.open_stream(path).read_all() if arrow_ipc else pq.read_table(path)
    assert len(table.column_names) == 1
    return table.column(0).to_pylist()


def _ticks(results, name):
    return [(t - ST, v) for t, v in results[name]]


# ------------------------------------------------------------------------------------------------ import path


def test_output_adapters_module_holds_the_writer():
    import csp.adapters.parquet as parquet

    assert ParquetWriter is parquet.ParquetWriter
    assert ParquetOutputConfig is parquet.ParquetOutputConfig
    assert resolve_array_shape_column_name("px") == "px_csp_dimensions"
    assert resolve_array_shape_column_name("px", "shape") == "shape"


# ------------------------------------------------------------------------------------------------ writing


def test_split_columns_write_a_file_per_column_with_metadata(tmp_path):
    out = tmp_path / "a" / "day"  # parents are created

    def graph():
        writer = ParquetWriter(str(out), "t", split_columns_to_files=True, file_metadata={"k": "v"},
                               column_metadata={"x": {"unit": "m", "desc": "count"}, "bid": {"ccy": "USD"}})
        writer.publish("x", _curve(int, [(0, 0), (1, 1), (2, 2)]))
        writer.publish_struct(_curve(Quote, [(1, Quote(bid=1.5, venue="N"))]))

    _run(graph)
    assert sorted(os.listdir(out)) == ["bid.parquet", "size.parquet", "t.parquet", "venue.parquet", "x.parquet"]
    assert _column(out / "x.parquet") == [0, 1, 2]
    assert _column(out / "bid.parquet") == [None, 1.5, None]
    assert _column(out / "size.parquet") == [None, None, None]
    assert [t - ST.replace(tzinfo=t.tzinfo) for t in _column(out / "t.parquet")] == [0 * S, 1 * S, 2 * S]
    for name in os.listdir(out):
        schema = pq.read_schema(out / name)
        assert schema.metadata == {b"k": b"v"}
    assert pq.read_schema(out / "x.parquet").field("x").metadata == {b"unit": b"m", b"desc": b"count"}
    assert list(pq.read_schema(out / "x.parquet").field("x").metadata) == [b"unit", b"desc"]  # in order
    assert pq.read_schema(out / "bid.parquet").field("bid").metadata == {b"ccy": b"USD"}
    assert pq.read_schema(out / "t.parquet").field("t").metadata is None


def test_split_arrow_ipc_files_and_directories_from_filename_provider(tmp_path):
    visited = []

    def graph():
        names = _curve(str, [(0, str(tmp_path / "d1")), (2, str(tmp_path / "d2"))])
        writer = ParquetWriter(None, "t", config=ParquetOutputConfig(write_arrow_binary=True),
                               filename_provider=names, split_columns_to_files=True, file_visitor=visited.append)
        writer.publish("x", _curve(float, [(i, i * 1.5) for i in range(4)]))

    _run(graph)
    assert visited == [str(tmp_path / "d1"), str(tmp_path / "d2")]
    assert sorted(os.listdir(tmp_path / "d1")) == ["t.arrow", "x.arrow"]
    assert _column(tmp_path / "d1" / "x.arrow", arrow_ipc=True) == [0.0, 1.5]
    assert _column(tmp_path / "d2" / "x.arrow", arrow_ipc=True) == [3.0, 4.5]


def test_split_overwrite_checks_the_column_files(tmp_path):
    def graph(overwrite: bool, value: int):
        writer = ParquetWriter(str(tmp_path), "t", config=ParquetOutputConfig(allow_overwrite=overwrite),
                               split_columns_to_files=True)
        writer.publish("x", _curve(int, [(0, value)]))

    _run(lambda: graph(False, 1))  # an existing, empty directory is fine
    with pytest.raises(FileExistsError, match="t.parquet"):
        _run(lambda: graph(False, 2))
    _run(lambda: graph(True, 3))
    assert _column(tmp_path / "x.parquet") == [3]


def test_column_metadata_in_a_single_file_and_its_errors(tmp_path):
    path = tmp_path / "m.parquet"

    def graph():
        writer = ParquetWriter(str(path), "t", column_metadata={"x": {"unit": "m"}, "t": {"tz": "UTC"}})
        writer.publish("x", _curve(int, [(0, 1)]))

    _run(graph)
    schema = pq.read_schema(path)
    assert schema.field("x").metadata == {b"unit": b"m"}
    assert schema.field("t").metadata == {b"tz": b"UTC"}

    def unknown_column():
        ParquetWriter(str(tmp_path / "u.parquet"), "t", column_metadata={"nope": {"a": "b"}}).publish(
            "x", _curve(int, [(0, 1)]))

    with pytest.raises(ValueError, match="nope"):
        _run(unknown_column)
    with pytest.raises(TypeError, match="column 'x'"):
        ParquetWriter(str(tmp_path / "n.parquet"), "t", column_metadata={"x": {"unit": 1}})


def test_dict_basket_layout(tmp_path):
    def graph():
        writer = ParquetWriter(str(tmp_path), "t", split_columns_to_files=True)
        writer.publish("x", _curve(int, [(0, 0), (1, 1)]))
        late = _curve(float, [(1, 10.0), (2, 20.0)])  # made first; the basket's key order still comes first
        writer.publish_dict_basket("px", {"k1": _curve(float, [(1, 1.5), (3, 3.5)]), "k2": late}, str, float)
        writer.publish_dict_basket("q", {"A": _curve(Quote, [(2, Quote(bid=1.0, size=5))])}, str, Quote)

    _run(graph)
    assert _column(tmp_path / "px__csp_value_count.parquet") == [0, 2, 1, 1]
    assert pq.read_schema(tmp_path / "px__csp_value_count.parquet").field(0).type == pa.uint16()
    assert _column(tmp_path / "px__csp_symbol.parquet") == ["k1", "k2", "k2", "k1"]
    assert _column(tmp_path / "px.parquet") == [1.5, 10.0, 20.0, 3.5]
    assert _column(tmp_path / "q__csp_value_count.parquet") == [0, 0, 1, 0]
    assert _column(tmp_path / "q.bid.parquet") == [1.0]
    assert _column(tmp_path / "q.size.parquet") == [5]
    assert _column(tmp_path / "q.venue.parquet") == [None]
    assert _column(tmp_path / "x.parquet") == [0, 1, None, None]


def test_no_timestamp_column_when_its_name_is_none(tmp_path):
    def graph():
        ParquetWriter(str(tmp_path / "f.parquet"), None).publish("x", _curve(int, [(0, 1), (1, 2)]))
        split = ParquetWriter(str(tmp_path / "s"), None, split_columns_to_files=True)
        split.publish_dict_basket("b", {"a": _curve(int, [(0, 1), (1, 2)])}, str, int)

    _run(graph)
    assert pq.read_table(tmp_path / "f.parquet").to_pydict() == {"x": [1, 2]}
    assert sorted(os.listdir(tmp_path / "s")) == ["b.parquet", "b__csp_symbol.parquet", "b__csp_value_count.parquet"]
    assert _column(tmp_path / "s" / "b__csp_value_count.parquet") == [1, 1]


def test_dict_basket_errors(tmp_path):
    def basket(split, key_type):
        def graph():
            writer = ParquetWriter(str(tmp_path / "b"), "t", split_columns_to_files=split)
            writer.publish_dict_basket("px", {"a": _curve(float, [(0, 1.0)])}, key_type, float)
        return graph

    with pytest.raises(ValueError, match="split_columns_to_files"):
        _run(basket(False, str))
    with pytest.raises(NotImplementedError, match="str keys"):
        _run(basket(True, int))

    def arrays():
        writer = ParquetWriter(str(tmp_path / "a"), "t", split_columns_to_files=True)
        value = csp.curve(csp.typing.Numpy1DArray[float], [(ST, numpy.array([1.0, 2.0]))])
        writer.publish_dict_basket("px", {"a": value}, str, csp.typing.Numpy1DArray[float])

    with pytest.raises(NotImplementedError, match="numpy arrays"):
        _run(arrays)


def test_a_basket_column_named_like_a_column_is_refused(tmp_path):
    def graph():
        writer = ParquetWriter(str(tmp_path / "d"), "t", split_columns_to_files=True)
        writer.publish("px", _curve(float, [(0, 1.0)]))
        writer.publish_dict_basket("px", {"a": _curve(float, [(0, 2.0)])}, str, float)

    with pytest.raises(ValueError, match="column 'px' would be written twice"):
        _run(graph)


def test_a_cycle_whose_basket_value_fails_leaves_a_readable_directory(tmp_path):
    directory = tmp_path / "d"

    def graph():
        writer = ParquetWriter(str(directory), "t", split_columns_to_files=True)
        writer.publish("n", _curve(int, [(0, 1), (1, 2), (2, 3)]))
        names = {"a": _curve(str, [(0, "x"), (1, "y"), (2, "z")]),
                 "b": _curve(str, [(0, "p"), (1, "q"), (2, "\ud800")])}  # not encodable as UTF-8
        writer.publish_dict_basket("s", names, str, str)

    with pytest.raises(Exception):
        _run(graph)
    assert _column(directory / "n.parquet") == [1, 2, 3]  # the failing cycle's other columns are kept
    counts = _column(directory / "s__csp_value_count.parquet")
    assert counts == [2, 2, 1]
    assert _column(directory / "s.parquet") == ["x", "p", "y", "q", "z"]
    assert len(_column(directory / "s__csp_symbol.parquet")) == sum(counts)

    def read():
        reader = ParquetReader(str(directory), time_column="t", split_columns_to_files=True)
        csp.add_graph_output("n", reader.subscribe_all(int, field_map="n"))

    assert [v for _, v in _run(read)["n"]] == [1, 2, 3]


# ------------------------------------------------------------------------------------------------ reading


def _write_split(directory: Path, columns: dict) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, array in columns.items():
        pq.write_table(pa.table({name: array}), directory / f"{name}.parquet")


def _times(*seconds):
    return pa.array([ST + s * S for s in seconds], pa.timestamp("ns", "UTC"))


def test_reading_split_directories_in_order(tmp_path):
    _write_split(tmp_path / "d1", {"t": _times(0, 1), "sym": ["A", "B"], "bid": [1.0, 2.0], "size": [1, None]})
    _write_split(tmp_path / "d2", {"t": _times(2), "sym": ["A"], "bid": [3.0], "size": [3], "other": ["?"]})

    def graph():
        reader = ParquetReader([str(tmp_path / "d1"), str(tmp_path / "d2")], symbol_column="sym", time_column="t",
                               split_columns_to_files=True)
        return {"all": reader.subscribe_all(float, "bid"), "a": reader.subscribe("A", Quote, {"bid": "bid", "size": "size"})}

    results = _run(graph)
    assert _ticks(results, "all") == [(0 * S, 1.0), (1 * S, 2.0), (2 * S, 3.0)]
    assert _ticks(results, "a") == [(0 * S, Quote(bid=1.0, size=1)), (2 * S, Quote(bid=3.0, size=3))]


def test_reading_split_errors_and_allowances(tmp_path):
    _write_split(tmp_path / "d", {"t": _times(0), "x": [1]})

    def graph(paths, column="y", **options):
        def g():
            reader = ParquetReader(paths, time_column="t", split_columns_to_files=True, **options)
            return {"v": reader.subscribe_all(int, column)}
        return g

    with pytest.raises(KeyError, match="column 'y'"):
        _run(graph([str(tmp_path / "d")]))
    with pytest.raises(ValueError, match="expects a directory"):
        _run(graph([str(tmp_path / "d" / "x.parquet")], "x"))
    assert _run(graph([str(tmp_path / "d")], allow_missing_columns=True))["v"] == []
    missing = [str(tmp_path / "nope"), str(tmp_path / "d")]
    assert _ticks(_run(graph(missing, "x", allow_missing_files=True)), "v") == [(0 * S, 1)]
    with pytest.raises(ValueError, match="split_columns_to_files"):
        ParquetReader(str(tmp_path / "d"), time_column="t").subscribe_dict_basket(int, "px", ["a"])
    _write_split(tmp_path / "uneven", {"t": _times(0, 1), "x": [1]})
    with pytest.raises(ValueError, match=r"different lengths \(t: 2, x: 1\)"):
        _run(graph([str(tmp_path / "uneven")], "x"))


def test_reading_a_dict_basket(tmp_path):
    _write_split(tmp_path, {
        "t": _times(0, 1, 2), "x": [0, 1, 2],
        "px__csp_value_count": pa.array([0, 2, 1], pa.uint16()), "px__csp_symbol": ["k1", "k2", "k2"],
        "px": [1.5, 10.0, 20.0],
        "q__csp_value_count": pa.array([1, 0, 1], pa.uint16()), "q__csp_symbol": ["A", "B"],
        "q.bid": [1.0, None], "q.size": [4, 5], "q.venue": ["N", "P"],
    })

    def graph():
        reader = ParquetReader(str(tmp_path), time_column="t", split_columns_to_files=True)
        px = reader.subscribe_dict_basket(float, "px", ["k1", "k2", "k3"])
        q = reader.subscribe_dict_basket(Quote, "q", ["A", "B"])
        return {"k1": px["k1"], "k2": px["k2"], "k3": px["k3"], "qa": q["A"], "qb": q["B"],
                "x": reader.subscribe_all(int, "x")}

    results = _run(graph)
    assert _ticks(results, "k1") == [(1 * S, 1.5)]
    assert _ticks(results, "k2") == [(1 * S, 10.0), (2 * S, 20.0)]
    assert results["k3"] == []
    assert _ticks(results, "qa") == [(0 * S, Quote(bid=1.0, size=4, venue="N"))]
    assert _ticks(results, "qb") == [(2 * S, Quote(size=5, venue="P"))]
    assert _ticks(results, "x") == [(0 * S, 0), (1 * S, 1), (2 * S, 2)]


def test_split_round_trip_with_a_filename_callable(tmp_path):
    def write():
        names = _curve(str, [(0, str(tmp_path / "d0")), (2, str(tmp_path / "d1"))])
        writer = ParquetWriter(None, "t", filename_provider=names, split_columns_to_files=True)
        writer.publish_dict_basket("px", {"a": _curve(int, [(0, 1), (2, 3)]), "b": _curve(int, [(1, 2)])}, str, int)

    _run(write)
    seen = []

    def directories(start, end):
        seen.append((start, end))
        return [str(tmp_path / "d0"), str(tmp_path / "d1")]

    def read():
        basket = ParquetReader(directories, time_column="t", split_columns_to_files=True).subscribe_dict_basket(
            int, "px", ["a", "b"])
        return {"a": basket["a"], "b": basket["b"]}

    results = _run(read)
    assert _ticks(results, "a") == [(0 * S, 1), (2 * S, 3)]
    assert _ticks(results, "b") == [(1 * S, 2)]
    assert len(seen) == 1


# ------------------------------------------------------------------------------------------------ interop

REFERENCE_PYTHON = Path(__file__).resolve().parents[2] / ".venv-ref" / "bin" / "python"
needs_reference = pytest.mark.skipif(not REFERENCE_PYTHON.exists(),
                                     reason="the reference csp (.venv-ref/bin/python) is not installed")

# Run by both: ``write(out)`` and ``read(out)`` (lines "series seconds value"); as a script: argv[1] of them on argv[2].
_INTEROP = """
import sys
from datetime import datetime, timedelta
import csp
from csp.adapters.output_adapters.parquet import ParquetOutputConfig, ParquetWriter
from csp.adapters.parquet import ParquetReader

ST = datetime(2022, 1, 1)
S = timedelta(seconds=1)


class Quote(csp.Struct):
    bid: float
    size: int
    venue: str


def curve(typ, points):
    return csp.curve(typ, [(ST + i * S, v) for i, v in points])


def write(out):
    def g():
        writer = ParquetWriter(out, "t", split_columns_to_files=True, file_metadata={"k": "v"},
                               column_metadata={"x": {"unit": "m"}})
        writer.publish("x", curve(int, [(0, 0), (1, 1), (3, 3)]))
        writer.publish_dict_basket("px", {"k1": curve(float, [(1, 1.5), (3, 3.5)]),
                                          "k2": curve(float, [(1, 10.0)])}, str, float)
        writer.publish_dict_basket("q", {"A": curve(Quote, [(3, Quote(bid=2.0, venue="N"))])}, str, Quote)

    csp.run(g, starttime=ST, endtime=timedelta(seconds=10))


def read(out):
    def g():
        reader = ParquetReader(out, time_column="t", split_columns_to_files=True)
        px = reader.subscribe_dict_basket(float, "px", ["k1", "k2"])
        q = reader.subscribe_dict_basket(Quote, "q", ["A"])
        return {"x": reader.subscribe_all(int, "x"), "k1": px["k1"], "k2": px["k2"], "qa": q["A"]}

    results = csp.run(g, starttime=ST, endtime=timedelta(seconds=10))
    return [f"{name} {(t - ST).total_seconds()} {v}" for name, ticks in sorted(results.items()) for t, v in ticks]


if __name__ == "__main__":
    lines = {"write": write, "read": read}[sys.argv[1]](sys.argv[2])
    print("\\n".join(lines or []))
"""

EXPECTED_READ = ["k1 1.0 1.5", "k1 3.0 3.5", "k2 1.0 10.0", "qa 3.0 Quote( bid=2.0, size=<unset>, venue=N )",
                 "x 0.0 0", "x 1.0 1", "x 3.0 3"]


def _reference(action: str, directory: Path) -> list:
    done = subprocess.run([str(REFERENCE_PYTHON), "-c", _INTEROP, action, str(directory)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def _ours():
    namespace = {"__name__": "parquet_interop"}
    exec(compile(_INTEROP, "parquet_interop", "exec"), namespace)
    return namespace


@needs_reference
def test_we_read_what_the_reference_writes(tmp_path):
    _reference("write", tmp_path)
    assert pq.read_schema(tmp_path / "x.parquet").field("x").metadata == {b"unit": b"m"}
    assert _ours()["read"](str(tmp_path)) == EXPECTED_READ


@needs_reference
def test_the_reference_reads_what_we_write(tmp_path):
    _ours()["write"](str(tmp_path / "ours"))
    assert _reference("read", tmp_path / "ours") == EXPECTED_READ
    _reference("write", tmp_path / "ref")
    ours = sorted(os.listdir(tmp_path / "ours"))
    assert ours == sorted(os.listdir(tmp_path / "ref"))
    for name in ours:  # the same columns, types, file and column metadata
        assert pq.read_schema(tmp_path / "ours" / name).equals(pq.read_schema(tmp_path / "ref" / name),
                                                              check_metadata=True), name
