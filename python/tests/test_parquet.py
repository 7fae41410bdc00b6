"""csp.adapters.parquet: ParquetReader, ParquetWriter, Arrow IPC.

Files are checked against pyarrow reading them; the schema a struct publish
writes is the one observed from the reference csp package (PyPI) for the
same graph (timestamp[ns, tz=UTC], date32, time64[ns], duration[ns], enums as
their names, nested structs as Arrow struct columns).
"""

from datetime import date, datetime, time, timedelta

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc
import pyarrow.parquet as pq
import pytest

import csp
from csp.adapters.parquet import ParquetOutputConfig, ParquetReader, ParquetWriter

START = datetime(2022, 1, 1)


class Side(csp.Enum):
    BUY = 1
    SELL = 2


class Inner(csp.Struct):
    x: int
    y: str


class Row(csp.Struct):
    b: bool
    i: int
    f: float
    s: str
    dt: datetime
    td: timedelta
    d: date
    t: time
    e: Side
    inner: Inner


ROWS = [
    Row(b=True, i=1, f=1.5, s="a", dt=datetime(2021, 5, 6, 7, 8, 9, 123456), td=timedelta(seconds=3, microseconds=7),
        d=date(2020, 1, 2), t=time(1, 2, 3, 456), e=Side.SELL, inner=Inner(x=1, y="q")),
    Row(i=-2, s="é", e=Side.BUY),
    Row(b=False, f=float("inf"), inner=Inner(x=5)),
]


def run(graph, end=timedelta(seconds=60), start=START):
    return csp.run(graph, starttime=start, endtime=end)


def write_rows(path, rows=ROWS, config=None):
    @csp.graph
    def g():
        writer = ParquetWriter(str(path), "time", config=config or ParquetOutputConfig(allow_overwrite=True))
        writer.publish_struct(csp.curve(Row, [(timedelta(seconds=i + 1), r) for i, r in enumerate(rows)]))

    run(g)


def values(result, name):
    return [v for _, v in result[name]]


def test_struct_publish_writes_the_reference_schema(tmp_path):
    path = tmp_path / "rows.parquet"
    write_rows(path)
    table = pq.read_table(path)
    assert table.schema == pa.schema([
        ("time", pa.timestamp("ns", tz="UTC")), ("b", pa.bool_()), ("i", pa.int64()), ("f", pa.float64()),
        ("s", pa.string()), ("dt", pa.timestamp("ns", tz="UTC")), ("td", pa.duration("ns")), ("d", pa.date32()),
        ("t", pa.time64("ns")), ("e", pa.string()),
        ("inner", pa.struct([("x", pa.int64()), ("y", pa.string())])),
    ]).with_metadata(table.schema.metadata)
    rows = table.to_pylist()
    assert [r["time"].replace(tzinfo=None) for r in rows] == [START + timedelta(seconds=s) for s in (1, 2, 3)]
    assert rows[0]["dt"].replace(tzinfo=None) == datetime(2021, 5, 6, 7, 8, 9, 123456)
    assert rows[0]["td"] == timedelta(seconds=3, microseconds=7)
    assert (rows[0]["d"], rows[0]["t"], rows[0]["e"], rows[0]["inner"]) == (date(2020, 1, 2), time(1, 2, 3, 456),
                                                                              "SELL", {"x": 1, "y": "q"})
    assert (rows[1]["b"], rows[1]["i"], rows[1]["s"], rows[1]["inner"]) == (None, -2, "é", None)
    assert rows[2]["inner"] == {"x": 5, "y": None}


@pytest.mark.parametrize("binary_arrow", [False, True])
def test_round_trip_of_every_supported_type(tmp_path, binary_arrow):
    path = tmp_path / "rows.data"
    write_rows(path, config=ParquetOutputConfig(write_arrow_binary=binary_arrow, allow_overwrite=True))

    @csp.graph
    def g():
        reader = ParquetReader(str(path), time_column="time", binary_arrow=binary_arrow)
        csp.add_graph_output("rows", reader.subscribe_all(Row))
        csp.add_graph_output("f", reader.subscribe_all(float, field_map="f"))
        csp.add_graph_output("d", reader.subscribe_all(date, field_map="d"))

    result = run(g)
    assert values(result, "rows") == ROWS
    assert [t for t, _ in result["rows"]] == [START + timedelta(seconds=s) for s in (1, 2, 3)]
    assert values(result, "f") == [1.5, float("inf")]  # a null does not tick
    assert values(result, "d") == [date(2020, 1, 2)]


def test_arrow_ipc_file_is_an_ipc_stream(tmp_path):
    path = tmp_path / "rows.arrow"
    write_rows(path, config=ParquetOutputConfig(write_arrow_binary=True))
    with pa.OSFile(str(path)) as f:
        table = pa.ipc.open_stream(f).read_all()
    assert table.column("i").to_pylist() == [1, -2, None]


def test_reads_files_written_by_pyarrow_by_symbol_and_over_several_files(tmp_path):
    times = [START + timedelta(seconds=s) for s in range(6)]
    syms = ["A", "B", "A", "C", "B", "A"]
    prices = [float(v) for v in range(6)]
    sizes = pa.array([1, None, 3, 4, 5, 6], pa.int32())
    table = pa.table({"time": pa.array(times, pa.timestamp("us")), "sym": pa.array(syms).dictionary_encode(),
                      "price": prices, "size": sizes})
    pq.write_table(table.slice(0, 3), tmp_path / "a.parquet")
    pq.write_table(table.slice(3), tmp_path / "b.parquet")

    class Trade(csp.Struct):
        sym: str
        price: float
        size: int

    @csp.graph
    def g():
        reader = ParquetReader([str(tmp_path / "a.parquet"), str(tmp_path / "b.parquet")], time_column="time",
                               symbol_column="sym")
        csp.add_graph_output("a", reader.subscribe("A", float, field_map="price"))
        csp.add_graph_output("b", reader.subscribe("B", Trade))
        csp.add_graph_output("size", reader.subscribe_all(int, field_map="size"))

    result = run(g, start=START + timedelta(seconds=1), end=timedelta(seconds=4))  # rows 1..5
    df = table.to_pandas()
    in_run = df[(df.time >= START + timedelta(seconds=1)) & (df.time <= START + timedelta(seconds=5))]
    assert values(result, "a") == list(in_run[in_run.sym == "A"].price)
    assert values(result, "b") == [Trade(sym="B", price=1.0), Trade(sym="B", price=4.0, size=5)]
    assert values(result, "size") == [int(v) for v in in_run["size"].dropna()]


def test_rows_before_start_are_skipped_and_rows_after_end_not_read(tmp_path):
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"time": pa.array([START + timedelta(seconds=s) for s in range(10)], pa.timestamp("ns")),
                             "x": list(range(10))}), path)

    @csp.graph
    def g():
        csp.add_graph_output("x", ParquetReader(str(path), time_column="time").subscribe_all(int, field_map="x"))

    result = run(g, start=START + timedelta(seconds=3), end=timedelta(seconds=4))
    assert values(result, "x") == [3, 4, 5, 6, 7]


def test_missing_column_names_file_and_column(tmp_path):
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"time": pa.array([START], pa.timestamp("ns")), "x": [1.0]}), path)

    @csp.graph
    def g():
        csp.add_graph_output("x", ParquetReader(str(path), time_column="time").subscribe_all(float, field_map="nope"))

    with pytest.raises(KeyError, match=r"t\.parquet' has no column 'nope'"):
        run(g)


def test_wrong_column_type_names_file_and_column(tmp_path):
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"time": pa.array([START], pa.timestamp("ns")), "x": ["text"]}), path)

    @csp.graph
    def g():
        csp.add_graph_output("x", ParquetReader(str(path), time_column="time").subscribe_all(float, field_map="x"))

    with pytest.raises(TypeError, match=r"column 'x': cannot read string as float"):
        run(g)


def _read_written(path, arrow_binary):
    if arrow_binary:
        with pa.OSFile(str(path)) as f:
            return pa.ipc.open_stream(f).read_all()
    return pq.read_table(path)


@pytest.mark.parametrize("arrow_binary", [False, True])
def test_writer_flushes_what_it_had_when_the_run_fails(tmp_path, arrow_binary):
    path = tmp_path / "t.data"

    @csp.node
    def explode(x: csp.ts[float]) -> csp.ts[float]:
        if x == 3.0:
            raise RuntimeError("boom")
        return x

    @csp.graph
    def g():
        x = csp.curve(float, [(timedelta(seconds=s), float(s)) for s in range(1, 6)])
        writer = ParquetWriter(str(path), "time",
                               config=ParquetOutputConfig(batch_size=1000, write_arrow_binary=arrow_binary))
        writer.publish("x", x)
        csp.add_graph_output("y", explode(x))

    with pytest.raises(RuntimeError, match="boom"):
        run(g)
    assert _read_written(path, arrow_binary).column("x").to_pylist() == [1.0, 2.0, 3.0]


def test_a_writer_without_rows_writes_a_readable_empty_file(tmp_path):
    path = tmp_path / "t.parquet"

    @csp.graph
    def g():
        ParquetWriter(str(path), "time").publish("x", csp.null_ts(float))

    run(g)
    table = pq.read_table(path)
    assert (table.num_rows, table.schema.names) == (0, ["time", "x"])


def test_file_visitor_sees_the_complete_file(tmp_path):
    path = tmp_path / "t.parquet"
    seen = []

    @csp.graph
    def g():
        writer = ParquetWriter(str(path), "time", file_visitor=lambda name: seen.append(pq.read_table(name).num_rows))
        writer.publish("x", csp.curve(float, [(timedelta(seconds=s), float(s)) for s in range(1, 4)]))

    run(g)
    assert seen == [3]


def test_writer_publish_columns_batches_and_compression(tmp_path):
    path = tmp_path / "t.parquet"

    @csp.graph
    def g():
        writer = ParquetWriter(str(path), "ts", config=ParquetOutputConfig(batch_size=2, compression="zstd"),
                               file_metadata={"k": "v"})
        writer.publish("x", csp.curve(float, [(timedelta(seconds=s), s * 0.5) for s in range(1, 6)]))
        writer.publish("n", csp.curve(int, [(timedelta(seconds=2), 7)]))
        writer.publish("sym", csp.const("AAPL"))
        writer.publish_struct(csp.const(Inner(x=3, y="z")), field_map={"y": "inner_y"})

    run(g)
    meta = pq.ParquetFile(path).metadata
    assert meta.num_row_groups == 3  # 6 rows, 2 per group
    assert meta.row_group(0).column(1).compression == "ZSTD"
    table = pq.read_table(path)
    assert table.schema.names == ["ts", "x", "n", "sym", "inner_y"]
    assert table.schema.metadata[b"k"] == b"v"
    assert table.column("x").to_pylist() == [None, 0.5, 1.0, 1.5, 2.0, 2.5]
    assert table.column("n").to_pylist() == [None, None, 7, None, None, None]
    assert table.column("sym").to_pylist() == ["AAPL"] + [None] * 5
    assert table.column("inner_y").to_pylist() == ["z"] + [None] * 5


def test_writer_refuses_to_overwrite_unless_allowed(tmp_path):
    path = tmp_path / "t.parquet"
    path.write_bytes(b"")

    @csp.graph
    def g():
        ParquetWriter(str(path), "ts").publish("x", csp.const(1.0))

    with pytest.raises(FileExistsError, match="allow_overwrite"):
        run(g)


def test_push_modes(tmp_path):
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"time": pa.array([START] * 3 + [START + timedelta(seconds=1)], pa.timestamp("ns")),
                             "x": [1.0, 2.0, 3.0, 4.0]}), path)

    def subscribe(reader, mode):
        return reader.subscribe_all(float, field_map="x", push_mode=mode)

    @csp.graph
    def separate():
        csp.add_graph_output("burst", subscribe(ParquetReader(str(path), time_column="time"), csp.PushMode.BURST))
        csp.add_graph_output("last", subscribe(ParquetReader(str(path), time_column="time"), csp.PushMode.LAST_VALUE))

    @csp.graph
    def shared():
        reader = ParquetReader(str(path), time_column="time")
        csp.add_graph_output("burst", subscribe(reader, csp.PushMode.BURST))
        csp.add_graph_output("last", subscribe(reader, csp.PushMode.LAST_VALUE))
        csp.add_graph_output("all", subscribe(reader, csp.PushMode.NON_COLLAPSING))

    result = run(separate)
    assert values(result, "burst") == [[1.0, 2.0, 3.0], [4.0]]
    assert values(result, "last") == [3.0, 4.0]
    # One reader: a NON_COLLAPSING subscription spreads the rows of a time over
    # cycles for all of them (reference output for this graph).
    result = run(shared)
    assert values(result, "burst") == [[1.0], [2.0], [3.0], [4.0]]
    assert values(result, "last") == [1.0, 2.0, 3.0, 4.0]
    assert values(result, "all") == [1.0, 2.0, 3.0, 4.0]


def test_file_names_from_a_callable_over_the_run(tmp_path):
    for name, seconds in (("a", range(0, 3)), ("b", range(3, 6))):
        pq.write_table(pa.table({"time": pa.array([START + timedelta(seconds=s) for s in seconds], pa.timestamp("ns")),
                                 "x": [float(s) for s in seconds]}), tmp_path / f"{name}.parquet")
    calls = []

    def files(start, end):
        calls.append((start, end))
        yield tmp_path / "a.parquet"
        yield str(tmp_path / "b.parquet")

    @csp.graph
    def g():
        csp.add_graph_output("x", ParquetReader(files, time_column="time").subscribe_all(float, field_map="x"))

    result = run(g, end=timedelta(seconds=10))
    assert values(result, "x") == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    assert calls == [(START, START + timedelta(seconds=10))]  # as the reference calls it


def test_enums_and_strings_over_several_row_groups(tmp_path):
    path = tmp_path / "t.parquet"
    n = 50
    sides = ["BUY" if i % 3 else "SELL" for i in range(n)]
    names = [f"n{i % 7}" if i % 5 else None for i in range(n)]
    table = pa.table({"time": pa.array([START + timedelta(seconds=i) for i in range(n)], pa.timestamp("ns")),
                      "side": sides, "name": names})
    pq.write_table(table, path, row_group_size=8)  # a dictionary per row group

    class Order(csp.Struct):
        side: Side
        name: str

    @csp.graph
    def g():
        reader = ParquetReader(str(path), time_column="time")
        csp.add_graph_output("orders", reader.subscribe_all(Order))
        csp.add_graph_output("names", reader.subscribe_all(str, field_map="name"))

    result = run(g, end=timedelta(seconds=n))
    expected = [Order(side=Side[s]) if m is None else Order(side=Side[s], name=m) for s, m in zip(sides, names)]
    assert values(result, "orders") == expected
    assert values(result, "names") == [m for m in names if m is not None]


def test_struct_defaults_fill_fields_the_file_lacks(tmp_path):
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"time": pa.array([START], pa.timestamp("ns")), "x": [1]}), path)

    class WithDefault(csp.Struct):
        x: int
        tag: str = "none"

    @csp.graph
    def g():
        reader = ParquetReader(str(path), time_column="time")
        csp.add_graph_output("s", reader.subscribe_all(WithDefault, field_map={"x": "x"}))

    assert values(run(g), "s") == [WithDefault(x=1, tag="none")]


def test_only_utc_time_zone(tmp_path):
    import zoneinfo
    from datetime import timezone

    for tz in ("UTC", timezone.utc, zoneinfo.ZoneInfo("UTC")):
        ParquetReader("x.parquet", time_column="time", tz=tz)
    with pytest.raises(ValueError, match="Only UTC default timezone is supported, got: America/New_York"):
        ParquetReader("x.parquet", time_column="time", tz=zoneinfo.ZoneInfo("America/New_York"))


def test_filename_provider_switches_files_from_its_cycle_on(tmp_path):
    first, second = str(tmp_path / "a.parquet"), str(tmp_path / "b.parquet")
    completed = []

    @csp.graph
    def g():
        names = csp.curve(str, [(timedelta(seconds=0), first), (timedelta(seconds=2), second)])
        writer = ParquetWriter(None, "ts", filename_provider=names, file_visitor=completed.append)
        writer.publish("x", csp.curve(float, [(timedelta(seconds=s), float(s)) for s in range(1, 5)]))

    run(g)
    # The reference writes the same split for this graph.
    assert pq.read_table(first).column("x").to_pylist() == [1.0]
    assert pq.read_table(second).column("x").to_pylist() == [2.0, 3.0, 4.0]
    assert completed == [first, second]


def test_memory_tables_time_shift_and_window_as_the_reference(tmp_path):
    table = pa.table({"time": pa.array([START + timedelta(seconds=s) for s in range(6)], pa.timestamp("ns")),
                      "x": [float(s) for s in range(6)]})
    path = str(tmp_path / "t.parquet")
    pq.write_table(table, path)

    def read(source, **kwargs):
        @csp.graph
        def g():
            reader = ParquetReader(source, time_column="time", **kwargs)
            csp.add_graph_output("x", reader.subscribe_all(float, field_map="x"))

        return [(int((t - START).total_seconds()), v) for t, v in run(g, end=timedelta(seconds=30))["x"]]

    # Expected values: the reference's output for the same graphs.
    assert read(path, time_shift=timedelta(seconds=10)) == [(10 + s, float(s)) for s in range(6)]
    assert read(path, start_time=START + timedelta(seconds=2), end_time=START + timedelta(seconds=4)) == [
        (2, 2.0), (3, 3.0), (4, 4.0)]
    assert read([table], read_from_memory_tables=True) == [(s, float(s)) for s in range(6)]
    assert read([table.slice(0, 2), table.slice(2)], read_from_memory_tables=True) == [(s, float(s)) for s in range(6)]


class _OnlyA(csp.Struct):
    a: float


class _OnlyB(csp.Struct):
    b: int


def test_same_row_subscriptions_tick_column_values_by_name_then_structs_latest_first(tmp_path):
    path = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"time": [START + timedelta(seconds=1)], "b": [10], "a": [1.0]}), path)
    order = []

    @csp.node
    def record(x: csp.ts[object], tag: str):
        if csp.ticked(x):
            order.append(tag)

    def graph():
        reader = ParquetReader(str(path), time_column="time")
        record(reader.subscribe_all(_OnlyB), "struct B")
        record(reader.subscribe_all(float, field_map="a"), "column a")
        record(reader.subscribe_all(_OnlyA), "struct A")
        record(reader.subscribe_all(int, field_map="b"), "column b")

    run(graph)
    assert order == ["column a", "column b", "struct A", "struct B"]


def test_the_same_subscription_twice_is_one_edge(tmp_path):
    path = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"time": [START], "a": [1.0]}), path)
    seen = {}

    def graph():
        reader = ParquetReader(str(path), time_column="time")
        first, again = reader.subscribe_all(_OnlyA), reader.subscribe_all(_OnlyA)
        other = reader.subscribe_all(_OnlyA, field_map={"a": "a"})
        grids = [reader.subscribe_all(csp.typing.NumpyNDArray[float], field_map="a", array_dimensions_column_name=d)
                 for d in ("d1", "d2", "d1")]
        seen.update(same=first is again, other=first is other,
                    dimensions=(grids[0] is grids[2], grids[0] is grids[1]))
        csp.add_graph_output("x", first)

    run(graph)
    assert seen == {"same": True, "other": False, "dimensions": (True, False)}


class _Native(csp.Struct):
    f: float
    i: int
    s: str
    dt: datetime
    td: timedelta


def test_struct_fields_from_sliced_batches_with_nulls_and_other_units(tmp_path):
    # Native columns go straight into the struct's fields: nulls leave a field unset, a slice starts at
    # its offset, timestamps and durations of any unit are converted.
    n = 20
    table = pa.table({
        "time": pa.array([START + timedelta(seconds=k) for k in range(n)], pa.timestamp("ns")),
        "f": pa.array([None if k % 3 == 0 else k * 0.5 for k in range(n)], pa.float64()),
        "i": pa.array([None if k % 4 == 1 else k * 10 for k in range(n)], pa.int64()),
        "s": pa.array([None if k % 5 == 2 else f"s{k % 3}" for k in range(n)], pa.string()),
        "dt": pa.array([None if k == 7 else datetime(2020, 1, 1) + timedelta(milliseconds=k) for k in range(n)],
                       pa.timestamp("ms")),
        "td": pa.array([None if k == 8 else timedelta(microseconds=k) for k in range(n)], pa.duration("us")),
    })
    expected = [_Native(**{c: table.column(c)[k].as_py() for c in ["f", "i", "s", "dt", "td"]
                           if table.column(c)[k].is_valid}) for k in range(n)]
    path = str(tmp_path / "t.parquet")
    pq.write_table(table, path, row_group_size=6)

    def read(source, **kwargs):
        @csp.graph
        def g():
            csp.add_graph_output("x", ParquetReader(source, time_column="time", **kwargs).subscribe_all(_Native))

        return values(run(g), "x")

    assert read(path) == expected
    assert read([table.slice(0, 5), table.slice(5, 6), table.slice(11)], read_from_memory_tables=True) == expected
    # Dictionary-encoded strings, sliced: the indices are read past each slice's offset.
    encoded = table.set_column(3, "s", pc.dictionary_encode(table.column("s")))
    assert read([encoded.slice(0, 7), encoded.slice(7)], read_from_memory_tables=True) == expected


class _Named(csp.Struct):
    s: str


def _strings_read_from(indices, dictionary):
    """The `s` field of each row of a one-column dictionary<int32, utf8> table (None: unset)."""
    n = len(indices)
    table = pa.table({"time": pa.array([START + timedelta(seconds=k) for k in range(n)], pa.timestamp("ns")),
                      "s": pa.DictionaryArray.from_arrays(pa.array(indices, pa.int32()), dictionary)})

    @csp.graph
    def g():
        csp.add_graph_output("x", ParquetReader([table], time_column="time", read_from_memory_tables=True)
                             .subscribe_all(_Named))

    return [v.s if hasattr(v, "s") else None for v in values(run(g), "x")]


def test_dictionary_strings_from_a_sliced_dictionary():
    # The dictionary itself starts at an offset: its value offsets are read past it.
    dictionary = pa.array([None, "a", "c"], pa.string()).slice(1)
    assert _strings_read_from([0, 1, None, 1], dictionary) == ["a", "c", None, "c"]


def test_dictionary_strings_with_a_null_entry_in_the_dictionary():
    # A null index leaves the field unset; a null among the dictionary's values reads as an empty string
    # (so does the reference's reader).
    assert _strings_read_from([0, 1, 2, None, 1], pa.array(["a", None, "c"], pa.string())) == ["a", "", "c", None, ""]
