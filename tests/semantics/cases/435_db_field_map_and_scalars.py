# field_map {column: field} (only the mapped fields are read), scalar subscriptions (field_map="column"; NULL does
# not tick), and conversions to the field's type (int truncates a float, str of a number, bool of an int).
import os
import tempfile
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

import csp
from csp.adapters.db import DBReader, TimestampAccessor

ST = datetime(2022, 1, 1)
ROWS = [(1, "A", 1.75, 10), (2, "B", 2.5, 0), (3, "A", -3.5, None)]


class Renamed(csp.Struct):
    symbol: str
    px: float
    unmapped: int


class Converted(csp.Struct):
    price: int
    qty: str
    flag: bool


def g(engine):
    reader = DBReader(engine, TimestampAccessor("time", tz=timezone.utc),
                      query="select time, sym, price, qty, qty as flag from trades")
    csp.print("renamed", reader.subscribe_all(Renamed, field_map={"sym": "symbol", "price": "px"}))
    csp.print("converted", reader.subscribe_all(Converted))
    csp.print("qty", reader.subscribe_all(int, field_map="qty"))
    csp.print("price", reader.subscribe_all(float, field_map="price"))


with tempfile.TemporaryDirectory() as tmp:
    engine = sa.create_engine(f"sqlite:///{os.path.join(tmp, 'case.db')}")
    trades = sa.Table("trades", sa.MetaData(), sa.Column("time", sa.DateTime), sa.Column("sym", sa.String),
                      sa.Column("price", sa.Float), sa.Column("qty", sa.Integer))
    trades.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(trades.insert(), [dict(time=ST + timedelta(seconds=s), sym=y, price=p, qty=q) for s, y, p, q in ROWS])
    csp.run(g, engine, starttime=ST, endtime=timedelta(seconds=10))
    engine.dispose()
