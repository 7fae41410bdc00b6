"""DBReader programs on a PostgreSQL server: python postgres_reader.py URL TABLE. (Re)creates TABLE, prints what
the readers tick (zone-aware and naive timestamps, date + time columns, numeric, boolean and NULL values, a query
with a constraint, symbol subscriptions, push modes, the schema struct, static data at the start time)."""

import sys
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

import csp
from csp.adapters.db import DateTimeAccessor, DBReader, EngineStartTimeAccessor, TimestampAccessor

URL, TABLE = sys.argv[1], sys.argv[2]
ST = datetime(2022, 1, 3, 14, 30)
ROWS = """
('2022-01-03 09:30:01-05', '2022-01-03 14:30:01', '2022-01-03', '14:30:01', 'AAPL', 182.01, 100, true),
('2022-01-03 15:30:02+01', '2022-01-03 14:30:02', '2022-01-03', '14:30:02', 'MSFT', 334.75, 50, false),
('2022-01-03 14:30:02+00', '2022-01-03 14:30:02', '2022-01-03', '14:30:02', 'AAPL', 182.02, NULL, NULL),
('2022-01-03 14:30:05+00', '2022-01-03 14:30:05', '2022-01-03', '14:30:05', 'IBM', 136.5, 7, true),
('2022-01-03 14:29:59+00', '2022-01-03 14:29:59', '2022-01-03', '14:29:59', 'AAPL', 181.99, 1, true),
('2022-01-03 14:31:00+00', '2022-01-03 14:31:00', '2022-01-03', '14:31:00', 'MSFT', 335.0, 2, false)
"""


class Trade(csp.Struct):
    sym: str
    px: float
    qty: int
    buy: bool


class Stamp(csp.Struct):
    ts: datetime
    local: datetime
    px: object


def g(engine):
    aware = DBReader(engine, TimestampAccessor("ts"), table_name=TABLE, symbol_column="sym")
    csp.print("AAPL", aware.subscribe("AAPL", Trade))
    csp.print("all", aware.subscribe_all(Trade, push_mode=csp.PushMode.BURST))
    csp.print("stamp", aware.subscribe_all(Stamp))
    naive = DBReader(engine, DateTimeAccessor("d", "t", tz=timezone.utc), table_name=TABLE)
    csp.print("date+time", naive.subscribe_all(float, field_map="px"))
    query = DBReader(engine, TimestampAccessor("local", tz=timezone.utc),
                     query=f"select local, sym, px * qty as px, qty from {TABLE}",
                     constraint=sa.text("qty > :q").bindparams(q=10))
    csp.print("notional", query.subscribe_all(Trade, field_map={"sym": "sym", "px": "px"}))
    schema = aware.schema_struct()
    print("schema", schema.__name__, sorted((k, v.__name__) for k, v in schema.metadata().items()))
    csp.print("row", aware.subscribe("IBM", None))
    static = DBReader(engine, EngineStartTimeAccessor(), query=f"select sym, qty from {TABLE} order by ts")
    csp.print("static", static.subscribe_all(int, field_map="qty"))


engine = sa.create_engine(URL)
with engine.begin() as conn:
    conn.execute(sa.text(f"drop table if exists {TABLE}"))
    conn.execute(sa.text(f"create table {TABLE} (ts timestamptz, local timestamp, d date, t time, sym text, "
                         f"px numeric(10, 2), qty integer, buy boolean)"))
    conn.execute(sa.text(f"insert into {TABLE} values {ROWS}"))
csp.run(g, engine, starttime=ST, endtime=timedelta(seconds=10))
engine.dispose()
