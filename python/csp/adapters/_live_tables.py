"""Graph-time plumbing shared by the live table adapters (websocket tables, Perspective).

A live table is a name, an optional index column and the time series
published into it. Each ``publish(value, field_map)`` adds columns: the
fields of a struct (``field_map`` ``{struct_field: column}``, None: every
field under its own name) or one column for a scalar series (``field_map``
is the column's name). When the graph function returns, one node per table
merges the inputs that tick in an engine cycle into one row
(``{column: value}``, only the columns that ticked) and hands it, with the
cycle's time, to the table's output adapter, which belongs to the adapter
manager serving the table.
"""

from __future__ import annotations

import asyncio
import threading
from datetime import date, datetime, timedelta, timezone
from typing import Callable, Dict, List, Optional, Tuple, Union

from csp.impl import node_language as _nl
from csp.impl.adaptermanager import AdapterManagerImpl
from csp.impl.enum import Enum
from csp.impl.struct import is_struct_type
from csp.impl.types import ts
from csp.impl.wiring.instances import value_type
from csp.impl.wiring.context import require_context
from csp.impl.wiring.decorators import node
from csp.impl.wiring.edge import Edge

STOP_TIMEOUT = 5.0  # seconds: bound on flushing and closing a server or connection at the end of a run

Columns = Union[str, Tuple[Tuple[str, str], ...]]  # a scalar's column, or (struct field, column) pairs


def column_kind(typ) -> str:
    """The column type name of a Python type (the names Perspective uses)."""
    if isinstance(typ, type):
        if issubclass(typ, bool):
            return "boolean"
        if issubclass(typ, int) and not issubclass(typ, Enum):
            return "integer"
        if issubclass(typ, float):
            return "float"
        if issubclass(typ, datetime):
            return "datetime"
        if issubclass(typ, date):
            return "date"
    return "string"


class LiveTable:
    """A table of a live table adapter, filled by ``publish`` (see the module docstring)."""

    def __init__(self, owner, name: str, index: Optional[str] = None, limit: Optional[int] = None):
        where = f"{type(owner).__name__}.create_table"
        if not isinstance(name, str) or not name:
            raise TypeError(f"{where}: the table name must be a non-empty str, got {name!r}")
        if index is not None and not isinstance(index, str):
            raise TypeError(f"{where}: index must be a column name (str) or None, got {index!r}")
        if limit is not None and (not isinstance(limit, int) or limit <= 0):
            raise ValueError(f"{where}: limit must be a positive int or None, got {limit!r}")
        if index is not None and limit is not None:
            raise ValueError(f"{where}: table {name!r} cannot have both an index and a limit")
        self.name = name
        self.index = index
        self.limit = limit
        self.schema: Dict[str, type] = {}
        self._owner = owner
        self._inputs: List[Tuple[Edge, Columns]] = []
        require_context(where).delayed_nodes.append(self)

    def publish(self, value: Edge, field_map: Union[Dict[str, str], str, None] = None) -> None:
        """Adds the columns of ``value``: a struct's fields (``{struct_field: column}``) or one named column."""
        if not isinstance(value, Edge):
            raise TypeError(f"table {self.name!r}: publish expects a time series, got {type(value).__name__}")
        typ = value_type(value.tstype)
        columns = self._columns(typ, field_map)
        if isinstance(columns, str):
            self._add_column(columns, typ)
        else:
            fields = typ.metadata()
            for field, column in columns:
                self._add_column(column, fields[field])
        self._inputs.append((value, columns))

    def _columns(self, typ, field_map) -> Columns:
        if is_struct_type(typ):
            fields = typ.metadata()
            mapping = {name: name for name in fields} if field_map is None else field_map
            if not isinstance(mapping, dict):
                raise TypeError(f"table {self.name!r}: field_map of a {typ.__name__} series must be a dict "
                                f"{{struct_field: column}}, got {field_map!r}")
            unknown = [field for field in mapping if field not in fields]
            if unknown:
                raise ValueError(f"table {self.name!r}: {typ.__name__} has no field(s) {unknown} named in field_map")
            return tuple((field, column) for field, column in mapping.items())
        if not isinstance(field_map, str) or not field_map:
            raise ValueError(f"table {self.name!r}: publishing a ts[{getattr(typ, '__name__', typ)}] needs "
                             "field_map, the name of its column")
        return field_map

    def _add_column(self, column: str, typ) -> None:
        known = self.schema.get(column)
        if known is not None and column_kind(known) != column_kind(typ):
            raise TypeError(f"table {self.name!r}: column {column!r} is published as {column_kind(known)} and as "
                            f"{column_kind(typ)}")
        self.schema[column] = typ

    def _instantiate(self) -> None:
        """Wires the table's row node and output adapter (called when the graph function returns)."""
        if not self._inputs:
            return
        if self.index is not None and self.index not in self.schema:
            raise ValueError(f"table {self.name!r}: the index column {self.index!r} is not published")
        edges = [edge for edge, _ in self._inputs]
        columns = tuple(columns for _, columns in self._inputs)
        self._owner._publish_rows(self, _merge_rows(columns, edges))


@node
def _merge_rows(columns: object, values: [ts[object]]) -> ts[object]:
    """One row per engine cycle: the columns of the inputs that ticked (a struct's unset fields left out)."""
    if _nl.ticked(values):
        row = {}
        for i, value in values.tickeditems():
            spec = columns[i]
            if isinstance(spec, str):
                row[spec] = value
            else:
                for field, column in spec:
                    if hasattr(value, field):
                        row[column] = getattr(value, field)
        return row


_EPOCH = datetime(1970, 1, 1)


def epoch_seconds(value: datetime) -> float:
    """Seconds since the epoch of a naive (UTC) or aware datetime."""
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return (value - _EPOCH) / timedelta(seconds=1)


class LoopThread:
    """An asyncio event loop running in a daemon thread (tornado's client and server run on it)."""

    def __init__(self, name: str) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()
        self.loop.close()

    def call(self, coroutine_function, timeout: float):
        """Runs ``coroutine_function()`` on the loop and waits for its result (at most ``timeout`` s)."""
        return asyncio.run_coroutine_threadsafe(coroutine_function(), self.loop).result(timeout)

    def in_loop(self) -> bool:
        """Whether the caller runs on the loop's thread."""
        return threading.current_thread() is self._thread

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(STOP_TIMEOUT)


def plain_value(value, datetime_value: Callable[[datetime], object]):
    """A cell as JSON-ready data: datetimes by ``datetime_value``, dates ISO, timedeltas seconds, enums names."""
    if isinstance(value, datetime):
        return datetime_value(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Enum):
        return value.name
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


class LiveTableServer(AdapterManagerImpl):
    """Run time of a live table adapter: a server on an asyncio loop thread; rows queue from the engine thread.

    Subclasses give ``convert(value)`` (a cell as it is stored), ``async _listen()``
    (starts serving, sets ``self._server``), ``_apply({table: rows})`` (loop
    thread: the rows written since the last flush, in order) and
    ``_flush_now(queued)`` (whether a write that makes ``queued`` rows waiting
    should have the loop flush at once).
    """

    def __init__(self, engine, thread_name: str) -> None:
        super().__init__(engine)
        self._thread_name = thread_name
        self._runner: Optional[LoopThread] = None
        self._server = None
        self._pending: List[Tuple[str, dict]] = []
        self._lock = threading.Lock()

    def start(self, starttime: datetime, endtime: datetime) -> None:
        self._runner = LoopThread(self._thread_name)
        self._runner.call(self._listen, STOP_TIMEOUT)

    def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is None:
            return
        try:
            runner.call(self._shutdown, STOP_TIMEOUT)
        except Exception:  # the loop is stopped below in any case
            pass
        runner.stop()

    async def _shutdown(self) -> None:
        """Loop thread, at the end of the run: the last rows, then the server stops."""
        self._flush()
        if self._server is not None:
            self._server.stop()

    def write(self, name: str, row: dict) -> None:
        """Engine thread: queues ``row`` for table ``name``."""
        row = {column: self.convert(value) for column, value in row.items()}
        with self._lock:
            self._pending.append((name, row))
            flush = self._flush_now(len(self._pending))
        runner = self._runner
        if flush and runner is not None:
            runner.loop.call_soon_threadsafe(self._flush)

    def _flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, []
        by_table: Dict[str, List[dict]] = {}
        for name, row in pending:
            by_table.setdefault(name, []).append(row)
        if by_table:
            self._apply(by_table)

    def convert(self, value):
        return value

    async def _listen(self) -> None:
        raise NotImplementedError

    def _apply(self, by_table: Dict[str, List[dict]]) -> None:
        raise NotImplementedError

    def _flush_now(self, queued: int) -> bool:
        return queued == 1
