# Two readers (two tables) and a timer in one run: every source ticks in time order, sharing cycles at equal times.
import os
import tempfile
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

import csp
from csp import ts
from csp.adapters.db import DBReader, TimestampAccessor

ST = datetime(2022, 1, 1)


class Px(csp.Struct):
    px: float


@csp.node
def seen(bids: ts[Px], asks: ts[Px], timer: ts[bool]) -> ts[str]:
    parts = [f"bid {bids.px}" if csp.ticked(bids) else "", f"ask {asks.px}" if csp.ticked(asks) else "",
             "timer" if csp.ticked(timer) else ""]
    return " ".join(p for p in parts if p)


def g(engine):
    utc = TimestampAccessor("time", tz=timezone.utc)
    bids = DBReader(engine, utc, table_name="bids").subscribe_all(Px)
    asks = DBReader(engine, utc, table_name="asks").subscribe_all(Px)
    csp.print("seen", seen(bids, asks, csp.timer(timedelta(seconds=2))))


with tempfile.TemporaryDirectory() as tmp:
    engine = sa.create_engine(f"sqlite:///{os.path.join(tmp, 'case.db')}")
    metadata = sa.MetaData()
    tables = {name: sa.Table(name, metadata, sa.Column("time", sa.DateTime), sa.Column("px", sa.Float))
              for name in ("bids", "asks")}
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(tables["bids"].insert(), [dict(time=ST + timedelta(seconds=s), px=s + 0.5) for s in (1, 2, 4, 5)])
        conn.execute(tables["asks"].insert(), [dict(time=ST + timedelta(seconds=s), px=s + 0.75) for s in (2, 3, 4)])
    csp.run(g, engine, starttime=ST, endtime=timedelta(seconds=6))
    engine.dispose()
