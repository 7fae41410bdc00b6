# DateTimeAccessor: a date column and a time-of-day column make the row's time; a run over midnight.
import os
import tempfile
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa

import csp
from csp.adapters.db import DateTimeAccessor, DBReader

ROWS = [(date(2022, 1, 2), time(0, 0, 1), "after midnight"), (date(2022, 1, 1), time(23, 59, 58), "before"),
        (date(2022, 1, 1), time(12, 0), "too early"), (date(2022, 1, 2), time(0, 5), "too late"),
        (date(2022, 1, 1), time(23, 59, 59, 500000), "half second")]


class Event(csp.Struct):
    what: str
    d: date
    t: time


def g(engine):
    reader = DBReader(engine, DateTimeAccessor("d", "t", tz=timezone.utc), table_name="events")
    csp.print("event", reader.subscribe_all(Event))


with tempfile.TemporaryDirectory() as tmp:
    engine = sa.create_engine(f"sqlite:///{os.path.join(tmp, 'case.db')}")
    events = sa.Table("events", sa.MetaData(), sa.Column("d", sa.Date), sa.Column("t", sa.Time),
                      sa.Column("what", sa.String))
    events.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(events.insert(), [dict(d=d, t=t, what=w) for d, t, w in ROWS])
    csp.run(g, engine, starttime=datetime(2022, 1, 1, 23, 59), endtime=timedelta(minutes=2))
    engine.dispose()
