# subscribe_all(None): the struct of the table's columns, made from the database's schema (schema_struct()).
import os
import tempfile
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa

import csp
from csp.adapters.db import DBReader, TimestampAccessor

ST = datetime(2022, 1, 1)


def g(engine):
    reader = DBReader(engine, TimestampAccessor("time", tz=timezone.utc), table_name="quotes", symbol_column="sym")
    schema = reader.schema_struct()
    print(schema.__name__, schema.metadata())
    csp.print("all", reader.subscribe_all(None))
    csp.print("B", reader.subscribe("B", None))


with tempfile.TemporaryDirectory() as tmp:
    engine = sa.create_engine(f"sqlite:///{os.path.join(tmp, 'case.db')}")
    quotes = sa.Table("quotes", sa.MetaData(), sa.Column("time", sa.DateTime), sa.Column("sym", sa.String),
                      sa.Column("bid", sa.Float), sa.Column("size", sa.Integer), sa.Column("live", sa.Boolean),
                      sa.Column("day", sa.Date), sa.Column("at", sa.Time))
    quotes.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(quotes.insert(), [
            dict(time=ST + timedelta(seconds=1), sym="A", bid=1.5, size=3, live=True, day=date(2022, 1, 1),
                 at=time(9, 30)),
            dict(time=ST + timedelta(seconds=2), sym="B", bid=None, size=4, live=False, day=None, at=None)])
    csp.run(g, engine, starttime=ST, endtime=timedelta(seconds=10))
    engine.dispose()
