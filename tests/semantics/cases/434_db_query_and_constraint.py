# DBReader over queries (a computed column, a self-join) instead of a table, and a constraint with a bound parameter.
import os
import tempfile
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

import csp
from csp.adapters.db import DBReader, TimestampAccessor

ST = datetime(2022, 1, 1)
ROWS = [(1, "A", 1.0), (2, "B", 2.0), (3, "A", 3.0), (4, "B", 4.0), (5, "A", 5.0)]


class Trade(csp.Struct):
    sym: str
    price: float


def g(engine):
    utc = TimestampAccessor("time", tz=timezone.utc)
    text = DBReader(engine, utc, query="select time, sym, price * 10 as price from trades where sym = 'A'")
    join = DBReader(engine, utc, query="select a.time, a.sym, a.price + b.price as price from trades a "
                                       "join trades b on b.sym = a.sym and b.price < a.price where a.price > 2.5")
    constrained = DBReader(engine, utc, table_name="trades", symbol_column="sym",
                           constraint=sa.text("price < :most").bindparams(most=4.5))
    csp.print("text", text.subscribe_all(Trade))
    csp.print("join", join.subscribe_all(Trade))
    csp.print("constraint B", constrained.subscribe("B", Trade))


with tempfile.TemporaryDirectory() as tmp:
    engine = sa.create_engine(f"sqlite:///{os.path.join(tmp, 'case.db')}")
    trades = sa.Table("trades", sa.MetaData(), sa.Column("time", sa.DateTime), sa.Column("sym", sa.String),
                      sa.Column("price", sa.Float))
    trades.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(trades.insert(), [dict(time=ST + timedelta(seconds=s), sym=y, price=p) for s, y, p in ROWS])
    csp.run(g, engine, starttime=ST, endtime=timedelta(seconds=10))
    engine.dispose()
