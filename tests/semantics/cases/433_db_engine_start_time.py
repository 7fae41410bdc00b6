# EngineStartTimeAccessor: every row ticks at the run's start time, in the table's order (static data read once).
import os
import tempfile
from datetime import datetime, timedelta

import sqlalchemy as sa

import csp
from csp import ts
from csp.adapters.db import DBReader, EngineStartTimeAccessor


class Ref(csp.Struct):
    sym: str
    lot: int


@csp.node
def count(x: ts[Ref]) -> ts[int]:
    with csp.state():
        s_n = 0
    s_n += 1
    return s_n


def g(engine):
    reader = DBReader(engine, EngineStartTimeAccessor(), table_name="refdata")
    refs = reader.subscribe_all(Ref)
    csp.print("ref", refs)
    csp.print("count", count(refs))
    csp.print("last", reader.subscribe_all(Ref, push_mode=csp.PushMode.LAST_VALUE))


with tempfile.TemporaryDirectory() as tmp:
    engine = sa.create_engine(f"sqlite:///{os.path.join(tmp, 'case.db')}")
    refdata = sa.Table("refdata", sa.MetaData(), sa.Column("sym", sa.String), sa.Column("lot", sa.Integer))
    refdata.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(refdata.insert(), [dict(sym="MSFT", lot=100), dict(sym="AAPL", lot=10), dict(sym="IBM", lot=None)])
    csp.run(g, engine, starttime=datetime(2022, 1, 1, 9, 30), endtime=timedelta(hours=1))
    engine.dispose()
