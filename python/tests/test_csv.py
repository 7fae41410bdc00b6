"""csp.adapters.csv.CSVReader.

Expected values marked "reference" were observed running the reference csp
package (PyPI) on the same file content; the other cases are where this
implementation deliberately differs (time zones, unterminated quotes) or adds
detail (error messages naming file, line and column).
"""

from datetime import datetime, timedelta

import pytest

import csp
from csp.adapters.csv import CSVReader, YYYYMMDD_TIME_formatter, time_converter

START = datetime(2022, 1, 1)
HEADER = "time,sym,price,qty,note\n"
TC = YYYYMMDD_TIME_formatter("time")


class Trade(csp.Struct):
    sym: str
    price: float
    qty: int
    note: str


class Side(csp.Enum):
    BUY = 1
    SELL = 2


def write(tmp_path, content, name="data.csv"):
    path = tmp_path / name
    path.write_text(content)
    return str(path)


def run(path, make, time_conv=TC, start=START, **kwargs):
    """Runs a graph whose outputs are ``make(reader)`` ({name: edge}); returns the outputs."""

    @csp.graph
    def g():
        reader = CSVReader(path, time_conv, **kwargs)
        for key, edge in make(reader).items():
            csp.add_graph_output(key, edge)

    return csp.run(g, starttime=start, endtime=timedelta(days=3))


def t(second, micro=0, hour=9, minute=30):
    return datetime(2022, 1, 1, hour, minute, second, micro)


def test_struct_and_scalar_subscriptions_with_quotes(tmp_path):
    path = write(tmp_path, HEADER + '20220101 09:30:00,A,1.5,2,"a, ""b""\nc"\n20220101 09:30:01,B,3,4,\n')
    out = run(path, lambda r: {"all": r.subscribe_all(Trade), "price": r.subscribe_all(float, "price"),
                               "qty": r.subscribe_all(int, "qty"), "note": r.subscribe_all(str, "note")})
    # reference: the same structs, price 3 read as 3.0, the empty note as ''
    assert out["all"] == [(t(0), Trade(sym="A", price=1.5, qty=2, note='a, "b"\nc')),
                          (t(1), Trade(sym="B", price=3.0, qty=4, note=""))]
    assert out["price"] == [(t(0), 1.5), (t(1), 3.0)]
    assert type(out["price"][1][1]) is float
    assert out["qty"] == [(t(0), 2), (t(1), 4)]
    assert out["note"] == [(t(0), 'a, "b"\nc'), (t(1), "")]


def test_field_map_dict_maps_columns_to_fields(tmp_path):
    path = write(tmp_path, HEADER + "20220101 09:30:00,A,3,2,x\n")
    out = run(path, lambda r: {"a": r.subscribe_all(Trade, field_map={"price": "qty", "sym": "note"})})
    assert out["a"] == [(t(0), Trade(qty=3, note="A"))]  # reference: T( qty=3, note=A )


def test_symbol_filtering(tmp_path):
    path = write(tmp_path, HEADER + "20220101 09:30:00,A,3,2,x\n20220101 09:30:00,B,4,2,x\n20220101 09:30:01,A,5,1,y\n")
    out = run(path, lambda r: {"a": r.subscribe("A", float, "price"), "b": r.subscribe("B", Trade),
                               "c": r.subscribe("C", Trade), "all": r.subscribe_all(float, "price")},
              symbol_column="sym")
    assert out["a"] == [(t(0), 3.0), (t(1), 5.0)]
    assert out["b"] == [(t(0), Trade(sym="B", price=4.0, qty=2, note="x"))]
    assert out["c"] == []
    assert out["all"] == [(t(0), 3.0), (t(0), 4.0), (t(1), 5.0)]


def test_subscribe_without_symbol_column_ticks_nothing(tmp_path):
    path = write(tmp_path, HEADER + "20220101 09:30:00,A,3,2,x\n")
    assert run(path, lambda r: {"a": r.subscribe("A", float, "price")})["a"] == []  # reference


def test_rows_before_start_and_after_end(tmp_path):
    path = write(tmp_path, HEADER + "20211231 09:30:00,A,1,1,x\n20220101 09:30:00,A,2,1,x\n"
                                    "20220101 09:30:00,A,3,1,x\n20220110 00:00:00,A,4,1,x\n")
    assert run(path, lambda r: {"p": r.subscribe_all(float, "price")})["p"] == [(t(0), 2.0), (t(0), 3.0)]
    # a start inside a time slot keeps every row of that slot (reference)
    out = run(path, lambda r: {"p": r.subscribe_all(float, "price")}, start=t(0))
    assert out["p"] == [(t(0), 2.0), (t(0), 3.0)]


@pytest.mark.parametrize("mode, expected", [
    (csp.PushMode.NON_COLLAPSING, [(t(0), 3.0), (t(0), 4.0), (t(1), 5.0)]),
    (csp.PushMode.LAST_VALUE, [(t(0), 4.0), (t(1), 5.0)]),
    (csp.PushMode.BURST, [(t(0), [3.0, 4.0]), (t(1), [5.0])]),
])
def test_push_modes_on_duplicate_times(tmp_path, mode, expected):
    path = write(tmp_path, HEADER + "20220101 09:30:00,A,3,2,x\n20220101 09:30:00,A,4,2,x\n20220101 09:30:01,A,5,2,x\n")
    assert run(path, lambda r: {"p": r.subscribe_all(float, "price", push_mode=mode)})["p"] == expected  # reference


def test_non_collapsing_struct_and_scalar_share_cycles(tmp_path):
    path = write(tmp_path, HEADER + "20220101 09:30:00,A,3,2,x\n20220101 09:30:00,A,4,2,x\n")

    @csp.node
    def pair(a: csp.ts[Trade], b: csp.ts[float]) -> csp.ts[tuple]:
        return (a.price, b)

    out = run(path, lambda r: {"p": pair(r.subscribe_all(Trade), r.subscribe_all(float, "price"))})
    assert out["p"] == [(t(0), (3.0, 3.0)), (t(0), (4.0, 4.0))]


def test_empty_numeric_field_names_file_line_and_column(tmp_path):
    path = write(tmp_path, HEADER + "20220101 09:30:00,A,1.5,2,x\n20220101 09:30:01,A,,2,x\n")
    with pytest.raises(ValueError, match=rf"{path}: line 3, column 'price': cannot parse '' as float"):
        run(path, lambda r: {"a": r.subscribe_all(Trade)})  # reference: ValueError (float(''))


@pytest.mark.parametrize("column, text, kind", [("qty", "2.5", "int"), ("qty", "abc", "int"), ("price", "1.5x", "float")])
def test_bad_numbers(tmp_path, column, text, kind):
    row = {"qty": "2", "price": "1.5"}
    row[column] = text
    path = write(tmp_path, HEADER + f"20220101 09:30:00,A,{row['price']},{row['qty']},x\n")
    with pytest.raises(ValueError, match=rf"line 2, column '{column}': cannot parse '{text}' as {kind}"):
        run(path, lambda r: {"a": r.subscribe_all(Trade)})


def test_numbers_as_python_reads_them(tmp_path):
    path = write(tmp_path, "time,v\n20220101 09:30:00, +5 \n20220101 09:30:01,1_000\n20220101 09:30:02,-7\n")
    assert run(path, lambda r: {"a": r.subscribe_all(int, "v")})["a"] == [(t(0), 5), (t(1), 1000), (t(2), -7)]
    path = write(tmp_path, "time,v\n20220101 09:30:00,nan\n20220101 09:30:01,1e3\n20220101 09:30:02,-inf\n")
    values = [v for _, v in run(path, lambda r: {"a": r.subscribe_all(float, "v")})["a"]]
    assert values[0] != values[0] and values[1:] == [1000.0, float("-inf")]  # reference


def test_bool_enum_and_other_types(tmp_path):
    class Row(csp.Struct):
        side: Side
        flag: bool
        when: str

    path = write(tmp_path, "time,side,flag\n20220101 09:30:00,BUY,True\n20220101 09:30:01,SELL,false\n"
                           "20220101 09:30:02,BUY,\n")
    out = run(path, lambda r: {"rows": r.subscribe_all(Row, field_map={"side": "side", "flag": "flag", "time": "when"}),
                               "flag": r.subscribe_all(bool, "flag")})
    # reference: a bool is Python's bool(text): "false" is True, only "" is False
    assert out["flag"] == [(t(0), True), (t(1), True), (t(2), False)]
    assert out["rows"][1][1] == Row(side=Side.SELL, flag=True, when="20220101 09:30:01")


def test_struct_defaults_and_short_rows(tmp_path):
    class WithDefault(csp.Struct):
        price: float
        venue: str = "X"
        tags: list = []

    path = write(tmp_path, "time,price,qty\n20220101 09:30:00,1.5,2\n20220101 09:30:01\n")
    out = run(path, lambda r: {"a": r.subscribe_all(WithDefault, field_map={"price": "price"}),
                               "q": r.subscribe_all(int, "qty")})
    assert out["a"] == [(t(0), WithDefault(price=1.5)), (t(1), WithDefault())]
    assert out["a"][0][1].venue == "X" and out["a"][0][1].tags is not out["a"][1][1].tags
    assert out["q"] == [(t(0), 2)]  # a row without the column does not tick (reference)


def test_time_converters(tmp_path):
    path = write(tmp_path, "time,v\n20220101 09:30:00.25,1\n")
    fractional = YYYYMMDD_TIME_formatter("time", include_fraction=True)
    assert run(path, lambda r: {"a": r.subscribe_all(int, "v")}, fractional)["a"] == [(t(0, 250000), 1)]
    with pytest.raises(ValueError, match=r"line 2, column 'time': time data '20220101 09:30:00.25' does not match"):
        run(path, lambda r: {"a": r.subscribe_all(int, "v")})

    path = write(tmp_path, "ts,v\n2022-01-01T09:30:00,1\n2022-01-01T09:30:00+0100,2\n")
    conv = time_converter("ts", "%Y-%m-%dT%H:%M:%S")
    with pytest.raises(ValueError, match="line 3"):
        run(path, lambda r: {"a": r.subscribe_all(int, "v")}, conv)
    path = write(tmp_path, "ts,v\n01 Jan 2022 09:30,1\n")  # %b: parsed by Python's strptime
    assert run(path, lambda r: {"a": r.subscribe_all(int, "v")},
               time_converter("ts", "%d %b %Y %H:%M"))["a"] == [(t(0), 1)]
    path = write(tmp_path, "ts,v\n5,1\n")
    callable_conv = lambda row: START + timedelta(seconds=int(row["ts"]))  # noqa: E731
    assert run(path, lambda r: {"a": r.subscribe_all(int, "v")}, callable_conv)["a"] == [(START + timedelta(seconds=5), 1)]


def test_timezone_conversion(tmp_path):
    # The reference fails here (a str tz has no .localize; a pytz tz makes aware datetimes it cannot compare).
    path = write(tmp_path, HEADER + "20220101 09:30:00,A,3,2,x\n20220701 09:30:00,A,4,2,x\n")
    ny = YYYYMMDD_TIME_formatter("time", tz="America/New_York")

    @csp.graph
    def g():
        csp.add_graph_output("p", CSVReader(path, ny).subscribe_all(float, "price"))

    out = csp.run(g, starttime=START, endtime=datetime(2022, 12, 31))
    assert out["p"] == [(datetime(2022, 1, 1, 14, 30), 3.0), (datetime(2022, 7, 1, 13, 30), 4.0)]  # EST, then EDT
    from zoneinfo import ZoneInfo

    path = write(tmp_path, "ts,v\n2022-01-01T09:30:00,1\n")
    out = run(path, lambda r: {"a": r.subscribe_all(int, "v")}, time_converter("ts", "%Y-%m-%dT%H:%M:%S", tz=ZoneInfo("Asia/Tokyo")))
    assert out["a"] == [(datetime(2022, 1, 1, 0, 30), 1)]
    path = write(tmp_path, "ts,v\n2022-01-01T09:30:00-0500,1\n")  # %z: the offset in the text wins
    out = run(path, lambda r: {"a": r.subscribe_all(int, "v")}, time_converter("ts", "%Y-%m-%dT%H:%M:%S%z"))
    assert out["a"] == [(datetime(2022, 1, 1, 14, 30), 1)]


def test_delimiter_crlf_and_blank_lines(tmp_path):
    path = write(tmp_path, "time;v;w\r\n20220101 09:30:00;1;\"a;b\"\r\n\r\n20220101 09:30:01;2;c\r\n")
    out = run(path, lambda r: {"v": r.subscribe_all(int, "v"), "w": r.subscribe_all(str, "w")}, delimiter=";")
    assert out["v"] == [(t(0), 1), (t(1), 2)]
    assert out["w"] == [(t(0), "a;b"), (t(1), "c")]


def test_unterminated_quote_is_an_error(tmp_path):
    # The reference reads '1\n' to the end of the file instead.
    path = write(tmp_path, 'time,v\n20220101 09:30:00,ok\n20220101 09:30:01,"1\n')
    with pytest.raises(ValueError, match=r"line 3, column 'v': unterminated quoted field"):
        run(path, lambda r: {"a": r.subscribe_all(str, "v")})


def test_missing_columns_and_bad_subscriptions(tmp_path):
    path = write(tmp_path, HEADER + "20220101 09:30:00,A,3,2,x\n")

    class Extra(csp.Struct):
        sym: str
        extra: float

    with pytest.raises(KeyError, match="no column 'extra'"):  # reference: KeyError 'extra'
        run(path, lambda r: {"a": r.subscribe_all(Extra)})
    with pytest.raises(KeyError, match="no column 'zz'"):
        run(path, lambda r: {"a": r.subscribe_all(float, "price")}, YYYYMMDD_TIME_formatter("zz"))
    with pytest.raises(TypeError, match="type must be csp.Struct when no fieldMap or dict fieldMap is used"):
        run(path, lambda r: {"a": r.subscribe_all(float)})  # reference message
    with pytest.raises(ValueError, match="cannot open"):
        run(str(tmp_path / "missing.csv"), lambda r: {"a": r.subscribe_all(float, "price")})


def test_empty_file_and_out_of_order_rows(tmp_path):
    assert run(write(tmp_path, ""), lambda r: {"a": r.subscribe_all(int, "v")})["a"] == []
    path = write(tmp_path, "time,v\n20220101 09:30:01,1\n20220101 09:30:00,2\n")
    # reference: a row earlier than the previous one ticks at the previous row's time
    assert run(path, lambda r: {"a": r.subscribe_all(int, "v")})["a"] == [(t(1), 1), (t(1), 2)]


def test_large_file_streams_across_chunks(tmp_path):
    n = 50_000
    lines = [f"20220101 {9 + i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d},S{i % 3},{i},\"q,{i}\"\n" for i in range(n)]
    path = write(tmp_path, "time,sym,v,note\n" + "".join(lines))
    out = run(path, lambda r: {"v": r.subscribe("S1", int, "v"), "n": r.subscribe_all(str, "note")},
              symbol_column="sym")
    assert [v for _, v in out["v"]] == list(range(1, n, 3))
    assert out["n"][-1][1] == f"q,{n - 1}"
