"""csp.adapters.db.DBReader against SQLite files and a real PostgreSQL server (a fresh cluster on loopback,
started by the postgres fixture from tests/servers/postgres_server.py). Every behaviour runs on both engines;
the fault cases stop the PostgreSQL server under a running reader."""

import os
import subprocess
import sys
import time as wall
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

import csp
from csp import ts
from csp.adapters.db import DBReader, DateTimeAccessor, EngineStartTimeAccessor, TimeAccessor, TimestampAccessor

sa = pytest.importorskip("sqlalchemy")

PROGRAMS = Path(__file__).parent / "db_programs"
START = datetime(2022, 1, 1)
S = timedelta(seconds=1)
UTC = timezone.utc


def _missing(message):
    """Under CI a missing server is a failure, elsewhere a skip."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_url():
    """The SQLAlchemy URL of a PostgreSQL server started for the session (stopped at its end)."""
    from postgres_server import PostgresServer, ServerError

    try:
        import psycopg2  # noqa: F401
    except ImportError:
        _missing("the PostgreSQL tests need psycopg2 (pip install psycopg2-binary)")
    server = PostgresServer()
    try:
        server.start()
    except ServerError as error:
        server.stop()
        _missing(f"cannot start PostgreSQL: {error}")
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    """A SQLAlchemy engine on each database kind."""
    if request.param == "sqlite":
        eng = sa.create_engine(f"sqlite:///{tmp_path / 'test.db'}")
    else:
        eng = sa.create_engine(request.getfixturevalue("postgres_url"))
    yield eng
    eng.dispose()


_COUNTER = iter(range(10**6))

TRADE_COLUMNS = [("time", sa.DateTime), ("sym", sa.String), ("price", sa.Float), ("qty", sa.Integer),
                 ("d", sa.Date), ("t", sa.Time)]


def make_table(eng, rows, columns=TRADE_COLUMNS, name="trades"):
    """A new table (unique name) holding ``rows`` (tuples in ``columns`` order); returns its name."""
    name = f"{name}_{os.getpid()}_{next(_COUNTER)}"
    table = sa.Table(name, sa.MetaData(), *[sa.Column(c, typ) for c, typ in columns])
    table.create(eng)
    if rows:
        with eng.begin() as conn:
            conn.execute(table.insert(), [dict(zip([c for c, _ in columns], row)) for row in rows])
    return name


def trade_rows(spec):
    """(time, sym, price, qty, date, time-of-day) rows from (time, sym, price, qty)."""
    return [(t, s, p, q, t.date() if t else None, t.time() if t else None) for t, s, p, q in spec]


ROWS = trade_rows([
    (START + 3 * S, "B", 3.0, 30),
    (START + 1 * S, "A", 1.0, 10),
    (START + 2 * S, "A", 2.0, 20),
    (START + 2 * S, "B", 2.5, 25),
    (START - timedelta(hours=1), "A", 0.5, 5),    # before the run
    (START + 5 * S, "A", 5.0, None),               # a NULL field
    (START + timedelta(days=2), "A", 9.0, 90),    # after the run
])


class Trade(csp.Struct):
    sym: str
    price: float
    qty: int


def as_trade(row):
    values = {"sym": row[1], "price": row[2]}
    if row[3] is not None:
        values["qty"] = row[3]
    return Trade(**values)


def expected(rows, start=START, end=START + 10 * S, symbol=None):
    """The ticks a subscription gives for ``rows``: in [start, end], in time order (stable for equal times)."""
    kept = [r for r in rows if start <= r[0] <= end and (symbol is None or r[1] == symbol)]
    return [(r[0], as_trade(r)) for r in sorted(kept, key=lambda r: r[0])]


def canon(ticks):
    """Ticks with rows at one time in price order (databases need not keep the order of equal times)."""
    return sorted(ticks, key=lambda tick: (tick[0], tick[1].price))


def run(graph, start=START, end=10 * S, **kwargs):
    return csp.run(graph, starttime=start, endtime=end, **kwargs)


# ------------------------------------------------------------ tables and time accessors

def test_table_rows_tick_in_time_order_within_the_run_per_symbol_and_all(engine):
    table = make_table(engine, ROWS)

    def g():
        reader = DBReader(engine, TimestampAccessor("time", tz=UTC), table_name=table, symbol_column="sym")
        return {"A": reader.subscribe("A", Trade), "B": reader.subscribe("B", Trade), "all": reader.subscribe_all(Trade)}

    out = run(g)
    assert out["A"] == expected(ROWS, symbol="A")
    assert out["B"] == expected(ROWS, symbol="B")
    assert canon(out["all"]) == expected(ROWS)
    assert "qty" not in out["A"][-1][1].to_dict()  # NULL leaves the field unset


def test_the_run_bounds_are_inclusive(engine):
    table = make_table(engine, ROWS)

    def g():
        return DBReader(engine, TimestampAccessor("time", tz=UTC), table_name=table).subscribe_all(Trade)

    out = canon(run(g, start=START + S, end=START + 3 * S)[0])
    assert out == expected(ROWS, start=START + S, end=START + 3 * S)
    assert [t for t, _ in out] == [START + S, START + 2 * S, START + 2 * S, START + 3 * S]


def test_a_zone_makes_naive_times_local_and_converts_them_to_utc(engine):
    table = make_table(engine, ROWS)
    plus_one = timezone(timedelta(hours=1))

    def g():
        return {
            "tzinfo": DBReader(engine, TimestampAccessor("time", tz=plus_one), table_name=table).subscribe_all(Trade),
            "name": DBReader(engine, TimestampAccessor("time", tz="Europe/Paris"), table_name=table)
            .subscribe_all(Trade),
        }

    # The run [START - 1h, START - 1h + 10s] in UTC is [START, START + 10s] in UTC+1 (Paris in January).
    out = run(g, start=START - timedelta(hours=1))
    want = [(t - timedelta(hours=1), v) for t, v in expected(ROWS)]
    assert canon(out["tzinfo"]) == want
    assert canon(out["name"]) == want


def test_naive_times_without_a_zone_are_an_error_naming_the_column(engine):
    table = make_table(engine, ROWS)

    def g():
        return DBReader(engine, TimestampAccessor("time"), table_name=table).subscribe_all(Trade)

    with pytest.raises(ValueError, match=rf"table '{table}'.*row 1.*column 'time'.*tz="):
        run(g)


def test_date_and_time_columns_across_midnight(engine):
    late = START + timedelta(hours=23, minutes=59, seconds=59)
    rows = trade_rows([(late + 2 * S, "B", 2.0, 2), (late, "A", 1.0, 1), (late + timedelta(days=1), "C", 3.0, 3),
                       (late - timedelta(days=1), "D", 4.0, 4)])
    table = make_table(engine, rows)

    def g():
        return DBReader(engine, DateTimeAccessor("d", "t", tz=UTC), table_name=table).subscribe_all(Trade)

    out = run(g, start=late - S, end=timedelta(hours=1))[0]
    assert out == expected(rows, start=late - S, end=late + timedelta(hours=1))
    assert [t for t, _ in out] == [late, late + 2 * S]  # the second row is on the next day


def test_engine_start_time_accessor_ticks_every_row_at_the_start(engine):
    table = make_table(engine, ROWS)

    def g():
        reader = DBReader(engine, EngineStartTimeAccessor(), table_name=table, symbol_column="sym")
        return {"all": reader.subscribe_all(Trade), "B": reader.subscribe("B", Trade)}

    out = run(g, start=datetime(2030, 1, 1))
    assert out["all"] == [(datetime(2030, 1, 1), as_trade(r)) for r in ROWS]  # every row, in the table's order
    assert out["B"] == [(datetime(2030, 1, 1), as_trade(r)) for r in ROWS if r[1] == "B"]


def test_a_custom_time_accessor(engine):
    rows = [(i, f"s{i}") for i in (3, 1, 2)]
    table = make_table(engine, rows, [("seconds", sa.Integer), ("sym", sa.String)])

    class SecondsAccessor(TimeAccessor):
        def get_time_columns(self, engine):
            return ["seconds"]

        def get_time_constraint(self, starttime, endtime):
            return sa.column("seconds") <= 2

        def get_order_by_columns(self):
            return [sa.column("seconds")]

        def get_time(self, row):
            return START + row["seconds"] * S

    class Sym(csp.Struct):
        sym: str

    out = run(lambda: DBReader(engine, SecondsAccessor(), table_name=table).subscribe_all(Sym))[0]
    assert out == [(START + S, Sym(sym="s1")), (START + 2 * S, Sym(sym="s2"))]


# ------------------------------------------------------------ queries, constraints, subscriptions

def test_text_query_select_object_and_constraint(engine):
    table = make_table(engine, ROWS)
    doubled = [(r[0], r[1], r[2] * 2, r[3]) + r[4:] for r in ROWS if r[1] == "A"]

    def g():
        text = DBReader(engine, TimestampAccessor("time", tz=UTC),
                        query=f"select time, sym, price * 2 as price, qty from {table} where sym = 'A'")
        tbl = sa.table(table, sa.column("time", sa.DateTime), sa.column("sym"), sa.column("price"), sa.column("qty"))
        select = DBReader(engine, TimestampAccessor("time", tz=UTC), query=sa.select(tbl).where(tbl.c.sym == "B"))
        constrained = DBReader(engine, TimestampAccessor("time", tz=UTC), table_name=table,
                               constraint=sa.text("price > :p").bindparams(p=2.2))
        return {"text": text.subscribe_all(Trade), "select": select.subscribe_all(Trade),
                "constraint": constrained.subscribe_all(Trade)}

    out = run(g)
    assert out["text"] == expected(doubled)
    assert out["select"] == expected(ROWS, symbol="B")
    assert canon(out["constraint"]) == expected([r for r in ROWS if r[2] > 2.2])


def test_raw_user_query_runs_unchanged_and_skips_rows_outside_the_run(engine):
    table = make_table(engine, ROWS)

    def g():
        reader = DBReader(engine, TimestampAccessor("time", tz=UTC), use_raw_user_query=True,
                          query=f"select time, sym, price, qty from {table} order by time, price")
        return reader.subscribe_all(Trade)

    assert run(g)[0] == expected(ROWS)


def test_field_map_scalars_and_conversions(engine):
    table = make_table(engine, ROWS)

    class Renamed(csp.Struct):
        symbol: str
        px: int        # an int field truncates a float column, as the reference
        text: str      # a str field takes the text of a number

    def g():
        reader = DBReader(engine, TimestampAccessor("time", tz=UTC), table_name=table, symbol_column="sym")
        return {"renamed": reader.subscribe("B", Renamed, field_map={"sym": "symbol", "price": "px", "qty": "text"}),
                "qty": reader.subscribe_all(int, field_map="qty")}

    out = run(g)
    rows_b = [r for _, r in sorted((r[0], r) for r in ROWS if r[1] == "B")]
    assert out["renamed"] == [(r[0], Renamed(symbol="B", px=int(r[2]), text=str(r[3]))) for r in rows_b]
    assert [v for _, v in out["qty"]] == [r[3] for _, r in expected_rows(ROWS) if r[3] is not None]


class Side(csp.Enum):
    BUY = 1
    SELL = 2


def test_enum_fields_read_a_member_name_or_value(engine):
    table = make_table(engine, [(START + S, "SELL", 1)], [("time", sa.DateTime), ("side", sa.String),
                                                          ("code", sa.Integer)])

    class Order(csp.Struct):
        side: Side
        code: Side

    out = run(lambda: DBReader(engine, TimestampAccessor("time", tz=UTC), table_name=table).subscribe_all(Order))[0]
    assert out == [(START + S, Order(side=Side.SELL, code=Side.BUY))]


def expected_rows(rows, start=START, end=START + 10 * S):
    return sorted(((r[0], r) for r in rows if start <= r[0] <= end), key=lambda p: p[0])


def test_push_modes_on_rows_at_one_time(engine):
    table = make_table(engine, ROWS)

    def g():
        reader = DBReader(engine, TimestampAccessor("time", tz=UTC), table_name=table)
        return {"last": reader.subscribe_all(Trade, push_mode=csp.PushMode.LAST_VALUE),
                "burst": reader.subscribe_all(Trade, push_mode=csp.PushMode.BURST)}

    out = run(g)
    ticks = expected(ROWS)
    times = sorted({t for t, _ in ticks})
    burst = [(t, sorted(values, key=lambda v: v.price)) for t, values in out["burst"]]
    assert burst == [(t, [v for u, v in ticks if u == t]) for t in times]
    # the last of each time's rows, in the order the database returned them
    assert out["last"] == [(t, values[-1]) for t, values in out["burst"]]


def test_schema_struct_for_typ_none(engine):
    table = make_table(engine, ROWS)

    def g():
        reader = DBReader(engine, TimestampAccessor("time", tz=UTC), table_name=table)
        assert reader.schema_struct().metadata() == {"time": datetime, "sym": str, "price": float, "qty": int,
                                                     "d": date, "t": time}
        return reader.subscribe_all(None)

    out = run(g)[0]
    first = ROWS[1]
    assert out[0][1].to_dict() == dict(zip([c for c, _ in TRADE_COLUMNS], first))
    assert len(out) == len(expected(ROWS))


def test_log_query_and_the_schema_of_a_query(engine, caplog):
    table = make_table(engine, ROWS)

    def g():
        reader = DBReader(engine, TimestampAccessor("time", tz=UTC), query=f"select sym, time from {table}",
                          log_query=True)
        assert list(reader.schema_struct().metadata()) == ["sym", "time"]
        return reader.subscribe_all(None)

    with caplog.at_level("INFO"):
        out = run(g)[0]
    assert [(t, v.sym) for t, v in out] == [(t, v.sym) for t, v in expected(ROWS)]
    assert any("DBReader query: SELECT" in r.message and "ORDER BY" in r.message for r in caplog.records)


def test_readers_of_two_tables_interleave_by_time_with_other_sources(engine):
    odd = trade_rows([(START + i * S, "O", float(i), i) for i in (1, 3, 5)])
    even = trade_rows([(START + i * S, "E", float(i), i) for i in (2, 4)])
    odd_table, even_table = make_table(engine, odd), make_table(engine, even)

    @csp.node
    def order(a: ts[Trade], b: ts[Trade], timer: ts[bool]) -> ts[str]:
        return (a.sym if csp.ticked(a) else "") + (b.sym if csp.ticked(b) else "") + ("t" if csp.ticked(timer) else "")

    def g():
        a = DBReader(engine, TimestampAccessor("time", tz=UTC), table_name=odd_table).subscribe_all(Trade)
        b = DBReader(engine, TimestampAccessor("time", tz=UTC), table_name=even_table).subscribe_all(Trade)
        return order(a, b, csp.timer(2 * S))

    out = run(g, end=5 * S)[0]
    assert [((t - START).seconds, v) for t, v in out] == [(1, "O"), (2, "Et"), (3, "O"), (4, "Et"), (5, "O")]


def test_open_connection_url_and_memoized_subscriptions(engine):
    table = make_table(engine, ROWS)
    url = engine.url.render_as_string(hide_password=False)

    def g():
        with_conn = DBReader(conn, TimestampAccessor("time", tz=UTC), table_name=table)
        from_url = DBReader.create_from_url(url, TimestampAccessor("time", tz=UTC), table_name=table)
        assert from_url.subscribe_all(Trade) is from_url.subscribe_all(Trade)
        return {"conn": with_conn.subscribe_all(Trade), "url": from_url.subscribe_all(Trade)}

    with engine.connect() as conn:
        out = run(g)
        assert not conn.closed  # a given connection is used, not closed
    assert canon(out["conn"]) == canon(out["url"]) == expected(ROWS)


def test_many_rows_are_read_in_chunks_in_order(engine):
    rows = trade_rows([(START + i * timedelta(milliseconds=1), "X", float(i), i) for i in range(2500)])
    table = make_table(engine, rows[::-1])
    out = run(lambda: DBReader(engine, TimestampAccessor("time", tz=UTC), table_name=table).subscribe_all(Trade))[0]
    assert [v.qty for _, v in out] == list(range(2500))


def test_realtime_plays_past_rows_at_once_and_later_rows_on_the_wall_clock(engine):
    now = datetime.utcnow()
    offsets = [-0.8, -0.4, 0.3, 0.6]
    rows = trade_rows([(now + timedelta(seconds=o), "R", o, i) for i, o in enumerate(offsets)])
    table = make_table(engine, rows)
    seen = []

    @csp.node
    def stamp(x: ts[Trade]):
        seen.append((csp.now(), datetime.utcnow(), x.qty))

    def g():
        stamp(DBReader(engine, TimestampAccessor("time", tz=UTC), table_name=table).subscribe_all(Trade))

    csp.run(g, starttime=now - timedelta(seconds=1), endtime=now + timedelta(seconds=1), realtime=True)
    assert [q for _, _, q in seen] == [0, 1, 2, 3]
    assert [t for t, _, _ in seen] == [r[0] for r in rows]  # each row at its own time, past ones too
    for row_time, wall_time, _ in seen[2:]:
        assert wall_time >= row_time  # future rows wait for the clock


# ------------------------------------------------------------ errors

def test_unknown_table_and_columns_fail_at_start_naming_them(engine):
    table = make_table(engine, ROWS)
    accessor = TimestampAccessor("time", tz=UTC)

    class Extra(csp.Struct):
        sym: str
        venue: str

    with pytest.raises(sa.exc.NoSuchTableError, match="no table 'nosuch'"):
        run(lambda: DBReader(engine, accessor, table_name="nosuch").subscribe_all(Trade))
    with pytest.raises(KeyError, match=rf"table '{table}'.*no column 'venue' \(needed by Extra.venue\)"):
        run(lambda: DBReader(engine, accessor, table_name=table).subscribe_all(Extra))
    with pytest.raises(KeyError, match="no column 'when'.*time accessor"):
        run(lambda: DBReader(engine, TimestampAccessor("when", tz=UTC), table_name=table).subscribe_all(Trade))
    with pytest.raises(KeyError, match="query 'select sym, time from.*no column 'price'"):
        run(lambda: DBReader(engine, accessor, query=f"select sym, time from {table}").subscribe_all(Trade))
    with pytest.raises(KeyError, match="no column 'qty'.*its columns: time, sym, price"):
        run(lambda: DBReader(engine, accessor, query=f"select time, sym, price from {table}",
                             use_raw_user_query=True).subscribe_all(Trade))
    with pytest.raises(RuntimeError, match="query 'select nothing from nowhere'.*the query failed"):
        run(lambda: DBReader(engine, accessor, query="select nothing from nowhere").subscribe_all(Trade))


def test_wiring_errors():
    eng = sa.create_engine("sqlite://")
    accessor = TimestampAccessor("time", tz=UTC)
    with pytest.raises(RuntimeError, match="Must specify table name or query"):
        DBReader(eng, accessor)
    with pytest.raises(RuntimeError, match="no symbol column"):
        csp.build_graph(lambda: DBReader(eng, accessor, table_name="t").subscribe("A", Trade))
    with pytest.raises(KeyError, match="struct Trade has no field 'px'"):
        csp.build_graph(lambda: DBReader(eng, accessor, table_name="t").subscribe_all(Trade, field_map={"p": "px"}))
    with pytest.raises(TypeError, match="needs a csp.Struct type"):
        csp.build_graph(lambda: DBReader(eng, accessor, table_name="t").subscribe_all(float))


def test_a_value_of_the_wrong_type_names_the_row_and_column(engine):
    table = make_table(engine, ROWS)

    class Bad(csp.Struct):
        sym: int

    with pytest.raises(ValueError, match=rf"table '{table}'\), row 1: column 'sym' value 'A' cannot be read as "
                                         r"field Bad.sym"):
        run(lambda: DBReader(engine, TimestampAccessor("time", tz=UTC), table_name=table).subscribe_all(Bad))


def test_a_null_time_names_the_row(engine):
    rows = ROWS[1:3] + trade_rows([(None, "N", 0.1, 1)])
    table = make_table(engine, rows)

    def g():
        return DBReader(engine, TimestampAccessor("time", tz=UTC), use_raw_user_query=True,
                        query=f"select * from {table} order by price").subscribe_all(Trade)

    with pytest.raises(ValueError, match=r"row 1: column 'time' is NULL"):
        run(g)


# ------------------------------------------------------------ a server that goes away (PostgreSQL)

@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_server_stopped_mid_read_is_a_clear_error(postgres_url, mode):
    from postgres_server import PostgresServer

    server = PostgresServer().start()
    try:
        eng = sa.create_engine(server.url)
        rows = trade_rows([(START + i * timedelta(milliseconds=1), "X", float(i), i) for i in range(5000)])
        table = make_table(eng, rows)

        @csp.node
        def stop_server_at_tick_10(x: ts[Trade]):
            if x.qty == 10:
                server.stop(mode=mode, remove=False)

        def g():
            stop_server_at_tick_10(DBReader(eng, TimestampAccessor("time", tz=UTC), table_name=table)
                                   .subscribe_all(Trade))

        started = wall.monotonic()
        with pytest.raises(RuntimeError, match=rf"DBReader\(postgresql\+psycopg2://csp@127.0.0.1:{server.port}"
                                               rf"/postgres, table '{table}'\): reading row \d+ failed"):
            run(g)
        assert wall.monotonic() - started < 30
        eng.dispose()
    finally:
        server.stop()


def test_server_down_at_start_is_a_clear_error(postgres_url):
    from postgres_server import PostgresServer

    server = PostgresServer().start()
    url = server.url
    server.stop()
    eng = sa.create_engine(url)
    with pytest.raises(RuntimeError, match=r"DBReader\(postgresql.*table 'trades'\): cannot connect"):
        run(lambda: DBReader(eng, TimestampAccessor("time", tz=UTC), table_name="trades").subscribe_all(Trade))


# ------------------------------------------------------------ the same program on both engines (PostgreSQL)

def _run_program(python, *args):
    result = subprocess.run([str(python), str(PROGRAMS / "postgres_reader.py"), *args], capture_output=True,
                            text=True, timeout=120, cwd=PROGRAMS)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_a_postgres_program_prints_the_same_on_both_engines(postgres_url, reference_with):
    reference_python = reference_with("sqlalchemy", "psycopg2")
    table = f"program_{os.getpid()}"
    reference = _run_program(reference_python, postgres_url, table)
    ours = _run_program(sys.executable, postgres_url, table)
    assert ours == reference
    assert ours.count("\n") == 22  # every subscription printed: nothing silently missing


def test_missing_postgres_binaries_fail_under_ci_naming_the_package(monkeypatch):
    import postgres_server

    monkeypatch.setenv("CSP_PG_BIN", "/nonexistent")
    monkeypatch.setattr(postgres_server.glob, "glob", lambda pattern: [])
    monkeypatch.setattr(postgres_server.shutil, "which", lambda name: None)
    with pytest.raises(postgres_server.ServerError, match="apt-get install postgresql") as info:
        postgres_server.binaries()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="apt-get install postgresql"):
        _missing(str(info.value))


def test_a_cluster_whose_owner_died_is_reaped_by_the_next_start(postgres_url):
    import postgres_server

    orphan = postgres_server.PostgresServer().start()
    workdir = orphan._workdir
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (workdir / postgres_server.OWNER_FILE).write_text(dead.stdout.strip())  # as if a killed run had started it
    with postgres_server.PostgresServer():
        assert not workdir.exists()
    with pytest.raises(sa.exc.OperationalError):
        sa.create_engine(orphan.url).connect()
