"""Reading database tables and queries into a graph through SQLAlchemy: ``DBReader``.

::

    import sqlalchemy as sa
    from csp.adapters.db import DBReader, TimestampAccessor

    engine = sa.create_engine("postgresql://user@host/db")       # or "sqlite:///trades.db", ...
    reader = DBReader(engine, TimestampAccessor("time", tz="UTC"), table_name="trades", symbol_column="sym")
    aapl = reader.subscribe("AAPL", Trade)          # ts[Trade], the rows of AAPL
    every = reader.subscribe_all(Trade)             # ts[Trade], every row
    px = reader.subscribe_all(float, field_map="price")

Contract (that of the reference csp package, except where noted):

* One reader is one SELECT per run, over ``table_name`` (in ``schema_name``)
  or over ``query`` (text or a SQLAlchemy selectable, wrapped as a subquery),
  of the columns its subscriptions, its symbol column and its time accessor
  need, limited to the run's [start, end] by the time accessor, to the
  subscribed symbols when nothing subscribes to all rows, and by
  ``constraint`` (a SQLAlchemy clause), ordered by time. The rows tick in that
  order at their times; several rows at one time follow ``push_mode``.
  ``use_raw_user_query=True`` runs ``query`` unchanged (it must return the
  rows in time order; rows outside [start, end] are skipped).
* Time accessors: ``TimestampAccessor(time_column, tz)`` (one timestamp
  column), ``DateTimeAccessor(date_column, time_column, tz)`` (a date column
  and a time column) and ``EngineStartTimeAccessor()`` (every row at the start
  time, in the order the database returns them). Times without a time zone are
  local to ``tz`` (a tzinfo or, unlike the reference, a zone name); without
  ``tz`` they are an error, as in the reference.
* A Struct subscription reads the columns named like its fields, or
  ``field_map={column: field}``; NULL leaves a field unset. Values convert as
  ``field_type(value)`` (an int field truncates a float, a str field takes the
  text of a number); a value that does not convert raises ValueError naming
  the table or query, the row number and the column. A scalar subscription
  (``field_map="column"``) does not tick for NULL. ``typ=None`` subscribes the
  struct of the table's columns (``schema_struct()``).
* A missing table or column raises when the run starts (NoSuchTableError /
  KeyError naming the table or query and the columns it has); a connection or
  read failure (the server stopped mid-read) raises RuntimeError naming the
  connection and the table or query.
* ``connection`` is a SQLAlchemy engine (connected at start, closed at stop),
  a URL, or, unlike the reference, an open Connection (used, not closed).
* Differences: a symbol subscription with ``EngineStartTimeAccessor`` reads its
  rows (the reference reads none); a query's ``schema_struct()`` works.

The reader is a simulation (pull) source: in a realtime run it plays rows
before the current time at once, at their own times, and later rows when the
wall clock reaches them, as the reference does.
"""

from __future__ import annotations

import logging
from datetime import datetime, time
from typing import Dict, List, Optional, Union

from csp.adapters._db_rows import (UTC, Subscription, as_date, as_datetime, as_time, as_tzinfo, local_bound,
                                   python_type, to_utc)
from csp.impl.adaptermanager import AdapterManagerImpl, ManagedSimInputAdapter
from csp.impl.struct import define_struct
from csp.impl.types import ts
from csp.impl.wiring.adapters import PushMode, py_managed_adapter_def
from csp.impl.wiring.edge import Edge

__all__ = ["DBReader", "DateTimeAccessor", "EngineStartTimeAccessor", "TimeAccessor", "TimestampAccessor"]

_CHUNK_ROWS = 1000  # rows fetched from the server at a time


def _sa():
    import sqlalchemy

    return sqlalchemy


# ------------------------------------------------------------ time accessors

class TimeAccessor:
    """How a reader gets a row's time, limits its query to a run and orders it.

    Subclass and implement the four methods; ``row`` is a mapping of column
    name to value. Constraints and order columns use ``sqlalchemy.column(name)``.
    """

    def get_time_columns(self, engine) -> List[str]:
        """The columns ``get_time`` reads (``engine``: the SQLAlchemy engine or connection)."""
        raise NotImplementedError

    def get_time_constraint(self, starttime: datetime, endtime: datetime):
        """A SQLAlchemy clause keeping the rows in [starttime, endtime] (UTC, aware), or None."""
        raise NotImplementedError

    def get_order_by_columns(self) -> list:
        """The SQLAlchemy columns that order the rows by time."""
        raise NotImplementedError

    def get_time(self, row) -> Optional[datetime]:
        """The row's time (aware, or naive UTC); None ticks at the start time."""
        raise NotImplementedError

    def _column_types(self) -> dict:
        return {}


class TimestampAccessor(TimeAccessor):
    """The time is one timestamp column; ``tz``: the zone of times stored without one."""

    def __init__(self, time_column: str, tz=None) -> None:
        self._time_column = time_column
        self._tz = as_tzinfo(tz)

    def get_time_columns(self, engine) -> List[str]:
        return [self._time_column]

    def get_time_constraint(self, starttime: datetime, endtime: datetime):
        column = _sa().column(self._time_column, _sa().DateTime())
        return column.between(local_bound(starttime, self._tz), local_bound(endtime, self._tz))

    def get_order_by_columns(self) -> list:
        return [_sa().column(self._time_column)]

    def get_time(self, row) -> datetime:
        column = self._time_column
        return to_utc(as_datetime(row[column], column), self._tz, column)

    def _column_types(self) -> dict:
        return {self._time_column: _sa().DateTime()}

    def __repr__(self) -> str:
        return f"TimestampAccessor({self._time_column!r}, tz={self._tz!r})"


class DateTimeAccessor(TimeAccessor):
    """The time is a date column plus a time-of-day column; ``tz``: the zone of times stored without one."""

    def __init__(self, date_column: str, time_column: str, tz=None) -> None:
        self._date_column = date_column
        self._time_column = time_column
        self._tz = as_tzinfo(tz)

    def get_time_columns(self, engine) -> List[str]:
        return [self._date_column, self._time_column]

    def get_time_constraint(self, starttime: datetime, endtime: datetime):
        sa = _sa()
        d, t = sa.column(self._date_column, sa.Date()), sa.column(self._time_column, sa.Time())
        lo, hi = local_bound(starttime, self._tz), local_bound(endtime, self._tz)
        lo_d, lo_t, hi_d, hi_t = lo.date(), _naive_time(lo), hi.date(), _naive_time(hi)
        after = sa.or_(d > lo_d, sa.and_(d == lo_d, t >= lo_t))
        before = sa.or_(d < hi_d, sa.and_(d == hi_d, t <= hi_t))
        return sa.and_(after, before)

    def get_order_by_columns(self) -> list:
        return [_sa().column(self._date_column), _sa().column(self._time_column)]

    def get_time(self, row) -> datetime:
        day = as_date(row[self._date_column], self._date_column)
        clock = as_time(row[self._time_column], self._time_column)
        zone = clock.tzinfo
        value = datetime.combine(day, clock.replace(tzinfo=None))
        if zone is not None:
            value = value.replace(tzinfo=zone)
        return to_utc(value, self._tz, self._time_column)

    def _column_types(self) -> dict:
        return {self._date_column: _sa().Date(), self._time_column: _sa().Time()}

    def __repr__(self) -> str:
        return f"DateTimeAccessor({self._date_column!r}, {self._time_column!r}, tz={self._tz!r})"


def _naive_time(value: datetime) -> time:
    return value.time() if value.tzinfo is None else value.timetz()


class EngineStartTimeAccessor(TimeAccessor):
    """Every row ticks at the run's start time (data read once, at start): no time constraint, no ordering."""

    def get_time_columns(self, engine) -> List[str]:
        return []

    def get_time_constraint(self, starttime: datetime, endtime: datetime):
        return None

    def get_order_by_columns(self) -> list:
        return []

    def get_time(self, row) -> None:
        return None

    def __repr__(self) -> str:
        return "EngineStartTimeAccessor()"


# ------------------------------------------------------------ the reader (graph time)

class DBReader:
    """The rows of a table or query as time series; see the module docstring for the contract.

    :param connection: a SQLAlchemy engine, a database URL, or an open Connection.
    :param time_accessor: a TimeAccessor (TimestampAccessor, DateTimeAccessor, EngineStartTimeAccessor).
    :param table_name: the table to read (without schema); or give ``query``.
    :param schema_name: the table's schema, if not the default one.
    :param query: a SQL text or SQLAlchemy selectable, read as a subquery.
    :param symbol_column: the column ``subscribe(symbol, ...)`` matches.
    :param constraint: a SQLAlchemy clause added to the query, e.g. ``sa.text("price > :p").bindparams(p=100.0)``.
    :param log_query: log the generated query (logging's root logger, INFO).
    :param use_raw_user_query: run ``query`` unchanged (no time limit, symbol filter, constraint or ordering).
    """

    def __init__(self, connection, time_accessor: TimeAccessor, table_name: Optional[str] = None,
                 schema_name: Optional[str] = None, query=None, symbol_column: Optional[str] = None,
                 constraint=None, log_query: bool = False, use_raw_user_query: bool = False) -> None:
        if table_name is None and query is None:
            raise RuntimeError("Must specify table name or query")
        if table_name is not None and query is not None:
            raise RuntimeError("DBReader takes table_name or query, not both")
        if not isinstance(time_accessor, TimeAccessor):
            raise TypeError(f"time_accessor must be a TimeAccessor, got {type(time_accessor).__name__}")
        if use_raw_user_query and query is None:
            raise RuntimeError("use_raw_user_query needs a query")
        self._connection = _sa().create_engine(connection) if isinstance(connection, str) else connection
        self._time_accessor = time_accessor
        self._table_name = table_name
        self._schema_name = schema_name
        self._query = query
        self._symbol_column = symbol_column
        self._constraint = constraint
        self._log_query = log_query
        self._raw = use_raw_user_query
        self._schema_struct = None

    @classmethod
    def create_from_url(cls, url: str, time_accessor: TimeAccessor, **kwargs) -> "DBReader":
        """A reader on ``sqlalchemy.create_engine(url)``."""
        return cls(_sa().create_engine(url), time_accessor, **kwargs)

    @classmethod
    def create_from_connection(cls, connection, time_accessor: TimeAccessor, **kwargs) -> "DBReader":
        """A reader on an engine or open connection."""
        return cls(connection, time_accessor, **kwargs)

    def subscribe(self, symbol, typ, field_map: Union[None, str, Dict[str, str]] = None,
                  push_mode: PushMode = PushMode.NON_COLLAPSING) -> Edge:
        """The rows whose ``symbol_column`` equals ``symbol``, as ``ts[typ]`` (``typ=None``: the schema struct)."""
        if self._symbol_column is None:
            raise RuntimeError(f"Attempted to subscribe to symbol {symbol} but no symbol column was passed")
        return self._subscribe(symbol, typ, field_map, push_mode)

    def subscribe_all(self, typ, field_map: Union[None, str, Dict[str, str]] = None,
                      push_mode: PushMode = PushMode.NON_COLLAPSING) -> Edge:
        """Every row, as ``ts[typ]`` (``typ=None``: the schema struct)."""
        return self._subscribe(None, typ, field_map, push_mode)

    def schema_struct(self):
        """A csp.Struct with one field per column of the table or query (read from the database now)."""
        if self._schema_struct is None:
            with _Connection(self) as conn:
                columns = _Source(self, conn).column_types()
            name = f"DBDynStruct_{self._table_name}_{self._schema_name or ''}" if self._table_name else \
                "DBDynStruct_query"
            self._schema_struct = define_struct(name, {c: python_type(t) for c, t in columns.items()})
        return self._schema_struct

    def _subscribe(self, symbol, typ, field_map, push_mode) -> Edge:
        if typ is None:
            typ = self.schema_struct()
        Subscription(typ, field_map, symbol)  # argument errors while the graph is wired
        return _DBReadAdapter(self, typ, field_map, symbol, push_mode=push_mode)

    def _create(self, engine, memo):
        return _DBReaderImpl(engine, self)

    def describe(self) -> str:
        """``DBReader(<url>, table 'x')``: how errors name this reader (no password)."""
        source = f"table {self._qualified_table()!r}" if self._table_name else f"query {_short(self._query)!r}"
        return f"DBReader({_url_of(self._connection)}, {source})"

    def _qualified_table(self) -> str:
        return f"{self._schema_name}.{self._table_name}" if self._schema_name else self._table_name


def _url_of(connection) -> str:
    engine = getattr(connection, "engine", connection)
    url = getattr(engine, "url", None)
    return url.render_as_string(hide_password=True) if url is not None else type(connection).__name__


def _short(query, limit: int = 120) -> str:
    text = " ".join(str(query).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


class _Connection:
    """The reader's connection for one use: a new one from an engine (closed after), or the given Connection."""

    def __init__(self, reader: DBReader) -> None:
        self._reader = reader
        self._owned = None

    def __enter__(self):
        sa = _sa()
        connection = self._reader._connection
        if isinstance(connection, sa.engine.Connection):
            return connection
        try:
            self._owned = connection.connect()
        except sa.exc.SQLAlchemyError as error:
            raise RuntimeError(f"{self._reader.describe()}: cannot connect: {_first_line(error)}") from error
        return self._owned

    def __exit__(self, *exc) -> None:
        self.close()

    def invalidate(self) -> None:
        """After a read failure: the connection is not returned to the engine's pool (the server may be gone)."""
        if self._owned is not None:
            try:
                self._owned.invalidate()
            except _sa().exc.SQLAlchemyError:
                pass

    def close(self) -> None:
        if self._owned is not None:
            owned, self._owned = self._owned, None
            try:
                owned.close()
            except _sa().exc.SQLAlchemyError:
                pass  # the server may be gone: closing must not hide the error that stopped the run


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


class _Source:
    """The FROM of a reader's SELECT: the reflected table or the wrapped query, and the columns it has."""

    def __init__(self, reader: DBReader, conn, types: Optional[dict] = None) -> None:
        sa = _sa()
        self._reader = reader
        if reader._table_name is not None:
            try:
                self.selectable = sa.Table(reader._table_name, sa.MetaData(), schema=reader._schema_name,
                                           autoload_with=conn)
            except sa.exc.NoSuchTableError:
                raise sa.exc.NoSuchTableError(f"{reader.describe()}: no table {reader._qualified_table()!r} in the "
                                              "database") from None
            self._types = {c.name: c.type for c in self.selectable.columns}
            return
        query = reader._query
        if isinstance(query, str):
            names = self._query_columns(conn, query)
            types = types or {}
            self._types = {name: types.get(name, sa.types.NULLTYPE) for name in names}
            text = sa.text(query).columns(*[sa.column(n, t) for n, t in self._types.items()])
            self.selectable = text.subquery("user_query")
        else:
            self.selectable = query.subquery("user_query")
            self._types = {c.name: c.type for c in self.selectable.columns}

    def _query_columns(self, conn, query: str) -> List[str]:
        sa = _sa()
        try:
            return list(conn.execute(sa.text(f"SELECT * FROM ({query}) AS user_query LIMIT 0")).keys())
        except sa.exc.SQLAlchemyError as error:
            _rollback(conn)
            raise RuntimeError(f"{self._reader.describe()}: the query failed: {_first_line(error)}") from error

    def column_types(self) -> dict:
        return dict(self._types)



def _check_columns(reader: DBReader, needed: Dict[str, str], columns) -> None:
    """Raises KeyError for a needed column (``{column: who needs it}``) not among ``columns``."""
    for column, user in needed.items():
        if column not in columns:
            raise KeyError(f"{reader.describe()}: no column {column!r} (needed by {user}); its columns: "
                           f"{', '.join(columns)}")


def _rollback(conn) -> None:
    try:
        conn.rollback()
    except _sa().exc.SQLAlchemyError:
        pass


# ------------------------------------------------------------ run time

class _DBReaderImpl(AdapterManagerImpl):
    """One reader in one run: runs its SELECT at start and ticks the rows in process_next_sim_timeslice."""

    def __init__(self, engine, reader: DBReader) -> None:
        super().__init__(engine)
        self._reader = reader
        self._subscriptions: List[Subscription] = []
        self._by_symbol: Dict[object, list] = {}
        self._all: list = []
        self._connection = _Connection(reader)
        self._result = None
        self._rows = None
        self._row = None
        self._row_number = 0
        self._row_time = None

    def register(self, adapter, subscription: Subscription) -> None:
        self._subscriptions.append(subscription)
        if subscription.symbol is None:
            self._all.append(adapter)
        else:
            self._by_symbol.setdefault(subscription.symbol, []).append(adapter)

    def start(self, starttime: datetime, endtime: datetime) -> None:
        self._start, self._end = starttime, endtime
        self._last = starttime
        try:
            self._open(self._connection.__enter__(), starttime, endtime)
        except BaseException:
            self.stop()  # the connection goes back to the engine whether or not the run calls stop
            raise

    def _open(self, conn, starttime: datetime, endtime: datetime) -> None:
        statement = self._raw_statement() if self._reader._raw else self._statement(conn, starttime, endtime)
        if self._reader._log_query:
            logging.info(f"DBReader query: {statement}")
        try:
            result = conn.execute(statement, execution_options={"stream_results": True, "yield_per": _CHUNK_ROWS})
        except _sa().exc.SQLAlchemyError as error:
            raise RuntimeError(f"{self._reader.describe()}: the query failed: {_first_line(error)}") from error
        self._result = result
        self._rows = iter(result.mappings())
        if self._reader._raw:
            _check_columns(self._reader, self._needed_columns(), list(result.keys()))
        self._advance()

    def stop(self) -> None:
        if self._result is not None:
            result, self._result = self._result, None
            try:
                result.close()
            except _sa().exc.SQLAlchemyError:
                pass
        self._connection.close()

    def process_next_sim_timeslice(self, now: datetime) -> Optional[datetime]:
        while self._row is not None and self._row_time <= now:
            self._dispatch(self._row)
            self._advance()
        return self._row_time if self._row is not None else None

    # -- the query

    def _needed_columns(self) -> Dict[str, str]:
        reader = self._reader
        needed = {c: f"the time accessor {reader._time_accessor!r}"
                  for c in reader._time_accessor.get_time_columns(reader._connection)}
        if reader._symbol_column is not None:
            needed.setdefault(reader._symbol_column, "symbol_column")
        for sub in self._subscriptions:
            name = getattr(sub.typ, "__name__", str(sub.typ))
            for column, field, _ in sub.fields:
                needed.setdefault(column, f"{name}.{field}" if field else f"the {name} subscription")
        return needed

    def _statement(self, conn, starttime: datetime, endtime: datetime):
        sa = _sa()
        reader = self._reader
        types = dict(reader._time_accessor._column_types())
        for sub in self._subscriptions:
            for column, typ in sub.column_types().items():
                types.setdefault(column, typ)
        source = _Source(reader, conn, types)
        needed = self._needed_columns()
        _check_columns(reader, needed, source.column_types())
        statement = sa.select(*[source.selectable.c[c] for c in needed])
        clauses = [reader._time_accessor.get_time_constraint(starttime.replace(tzinfo=UTC),
                                                             endtime.replace(tzinfo=UTC))]
        if reader._symbol_column is not None and not self._all:
            clauses.append(sa.column(reader._symbol_column).in_(list(self._by_symbol)))
        clauses.append(reader._constraint)
        for clause in clauses:
            if clause is not None:
                statement = statement.where(clause)
        order = reader._time_accessor.get_order_by_columns()
        return statement.order_by(*order) if order else statement

    def _raw_statement(self):
        query = self._reader._query
        return _sa().text(query) if isinstance(query, str) else query

    # -- the rows

    def _where(self) -> str:
        return f"{self._reader.describe()}, row {self._row_number}"

    def _advance(self) -> None:
        """Reads the next row in [start, end] into self._row / self._row_time (None at the end)."""
        while True:
            row = self._fetch()
            if row is None:
                self._row = self._row_time = None
                return
            when = self._time_of(row)
            if when < self._start:
                continue  # a raw query's rows before the run
            if when > self._end:
                self._row = self._row_time = None
                return
            self._last = max(when, self._last)  # a row earlier than the one before ticks at that row's time
            self._row, self._row_time = row, self._last
            return

    def _fetch(self):
        try:
            row = next(self._rows, None)
        except _sa().exc.SQLAlchemyError as error:
            self._connection.invalidate()
            raise RuntimeError(f"{self._reader.describe()}: reading row {self._row_number + 1} failed: "
                               f"{_first_line(error)}") from error
        if row is not None:
            self._row_number += 1
        return row

    def _time_of(self, row) -> datetime:
        accessor = self._reader._time_accessor
        try:
            when = accessor.get_time(row)
        except (TypeError, ValueError, KeyError) as error:
            raise ValueError(f"{self._where()}: {error}") from None
        if when is None:
            if accessor.get_time_columns(self._reader._connection):
                raise ValueError(f"{self._where()}: NULL time in {accessor!r}")
            return self._start
        if not isinstance(when, datetime):
            raise ValueError(f"{self._where()}: {accessor!r} gave {type(when).__name__} {when!r}, not a datetime")
        return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo is not None else when

    def _dispatch(self, row) -> None:
        symbol_column = self._reader._symbol_column
        if symbol_column is not None and self._by_symbol:
            for adapter in self._by_symbol.get(row[symbol_column], ()):
                adapter.tick(row, self._where)
        for adapter in self._all:
            adapter.tick(row, self._where)


class _DBReadAdapterImpl(ManagedSimInputAdapter):
    """One subscription: the value it reads from each row it is given."""

    def __init__(self, manager_impl: _DBReaderImpl, typ, field_map, symbol) -> None:
        super().__init__(typ, field_map)
        self._subscription = Subscription(typ, field_map, symbol)
        manager_impl.register(self, self._subscription)

    def tick(self, row, where) -> None:
        value = self._subscription.value(row, where)
        if value is not None:
            self.push_tick(value)


_DBReadAdapter = py_managed_adapter_def("db_read_adapter", _DBReadAdapterImpl, ts["T"], DBReader, typ="T",
                                        field_map=object, symbol=object)
