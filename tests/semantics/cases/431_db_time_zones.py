# TimestampAccessor(tz=...): times stored without a zone are local to tz and tick in UTC (a fixed offset,
# a zoneinfo zone across a DST change); the run's bounds are converted to the zone for the query.
import os
import tempfile
import zoneinfo
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

import csp
from csp.adapters.db import DBReader, TimestampAccessor

LOCAL = [datetime(2022, 3, 13, 1, 30), datetime(2022, 3, 13, 3, 30), datetime(2022, 3, 13, 4, 0),
         datetime(2022, 3, 12, 20, 0)]


class Row(csp.Struct):
    n: int


def g(engine):
    ny = DBReader(engine, TimestampAccessor("time", tz=zoneinfo.ZoneInfo("America/New_York")), table_name="t")
    minus5 = DBReader(engine, TimestampAccessor("time", tz=timezone(timedelta(hours=-5))), table_name="t")
    csp.print("ny", ny.subscribe_all(Row))
    csp.print("-5", minus5.subscribe_all(Row))


with tempfile.TemporaryDirectory() as tmp:
    engine = sa.create_engine(f"sqlite:///{os.path.join(tmp, 'case.db')}")
    t = sa.Table("t", sa.MetaData(), sa.Column("time", sa.DateTime), sa.Column("n", sa.Integer))
    t.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(t.insert(), [dict(time=when, n=i) for i, when in enumerate(LOCAL)])
    csp.run(g, engine, starttime=datetime(2022, 3, 13, 6), endtime=datetime(2022, 3, 13, 9))
    engine.dispose()
