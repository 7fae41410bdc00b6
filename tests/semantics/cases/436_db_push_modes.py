# Several rows at one time: NON_COLLAPSING ticks them in consecutive cycles, LAST_VALUE keeps the last, BURST a list.
import os
import tempfile
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

import csp
from csp import ts
from csp.adapters.db import DBReader, TimestampAccessor

ST = datetime(2022, 1, 1)
ROWS = [(1, 1), (1, 2), (1, 3), (2, 4), (4, 5), (4, 6)]


class Tick(csp.Struct):
    n: int


@csp.node
def cycle(x: ts[Tick]) -> ts[str]:
    return f"n={x.n} at {csp.now():%S}"


def g(engine):
    reader = DBReader(engine, TimestampAccessor("time", tz=timezone.utc), table_name="ticks")
    csp.print("nc", cycle(reader.subscribe_all(Tick)))
    csp.print("lv", reader.subscribe_all(Tick, push_mode=csp.PushMode.LAST_VALUE))
    csp.print("burst", reader.subscribe_all(int, field_map="n", push_mode=csp.PushMode.BURST))


with tempfile.TemporaryDirectory() as tmp:
    engine = sa.create_engine(f"sqlite:///{os.path.join(tmp, 'case.db')}")
    ticks = sa.Table("ticks", sa.MetaData(), sa.Column("time", sa.DateTime), sa.Column("n", sa.Integer))
    ticks.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(ticks.insert(), [dict(time=ST + timedelta(seconds=s), n=n) for s, n in ROWS])
    csp.run(g, engine, starttime=ST, endtime=timedelta(seconds=10))
    engine.dispose()
