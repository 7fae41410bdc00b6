# DBReader on a SQLite table with a TimestampAccessor: rows in time order within [start, end] (inclusive),
# subscribe(symbol) and subscribe_all, NULL leaves a struct field unset.
import os
import tempfile
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

import csp
from csp.adapters.db import DBReader, TimestampAccessor

ST = datetime(2022, 1, 1)
ROWS = [(3, "B", 3.0, 30), (1, "A", 1.0, 10), (2, "A", 2.0, 20), (-60, "A", 0.5, 5), (5, "A", 5.0, None),
        (7, "B", 7.0, 70), (11, "A", 11.0, 110)]


class Trade(csp.Struct):
    sym: str
    price: float
    qty: int


def g(engine):
    reader = DBReader(engine, TimestampAccessor("time", tz=timezone.utc), table_name="trades", symbol_column="sym")
    csp.print("A", reader.subscribe("A", Trade))
    csp.print("B", reader.subscribe("B", Trade))
    csp.print("all", reader.subscribe_all(Trade))


with tempfile.TemporaryDirectory() as tmp:
    engine = sa.create_engine(f"sqlite:///{os.path.join(tmp, 'case.db')}")
    trades = sa.Table("trades", sa.MetaData(), sa.Column("time", sa.DateTime), sa.Column("sym", sa.String),
                      sa.Column("price", sa.Float), sa.Column("qty", sa.Integer))
    trades.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(trades.insert(), [dict(time=ST + timedelta(seconds=s), sym=y, price=p, qty=q) for s, y, p, q in ROWS])
    csp.run(g, engine, starttime=ST, endtime=ST + timedelta(seconds=7))
    engine.dispose()
