# DBReader errors: neither table nor query, subscribe without a symbol column, an unknown table, a struct field
# with no column, a value that does not convert, a time column without a zone and no tz.
import os
import tempfile
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

import csp
from csp.adapters.db import DBReader, TimestampAccessor

ST = datetime(2022, 1, 1)
UTC = TimestampAccessor("time", tz=timezone.utc)


class Trade(csp.Struct):
    sym: str
    price: float


class Extra(csp.Struct):
    sym: str
    venue: str


class BadType(csp.Struct):
    sym: int


def attempt(name, graph):
    try:
        csp.run(graph, starttime=ST, endtime=timedelta(seconds=10))
        print(name, "ran")
    except Exception as error:  # noqa: BLE001
        print(name, type(error).__name__)


with tempfile.TemporaryDirectory() as tmp:
    engine = sa.create_engine(f"sqlite:///{os.path.join(tmp, 'case.db')}")
    trades = sa.Table("trades", sa.MetaData(), sa.Column("time", sa.DateTime), sa.Column("sym", sa.String),
                      sa.Column("price", sa.Float))
    trades.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(trades.insert(), [dict(time=ST + timedelta(seconds=1), sym="A", price=1.0)])
    try:
        DBReader(engine, UTC)
    except RuntimeError as error:
        print("no table or query:", error)
    try:
        DBReader(engine, UTC, table_name="trades").subscribe("A", Trade)
    except RuntimeError as error:
        print("no symbol column:", error)
    attempt("unknown table", lambda: csp.print("x", DBReader(engine, UTC, table_name="nosuch").subscribe_all(Trade)))
    attempt("unknown column", lambda: csp.print("x", DBReader(engine, UTC, table_name="trades").subscribe_all(Extra)))
    attempt("wrong type", lambda: csp.print("x", DBReader(engine, UTC, table_name="trades").subscribe_all(BadType)))
    attempt("no zone", lambda: csp.print("x", DBReader(engine, TimestampAccessor("time"), table_name="trades")
                                         .subscribe_all(Trade)))
    engine.dispose()
