"""Websocket adapters: a client connection as time series in and out, and a server of live tables.

``WebsocketAdapterManager(uri, reconnect_interval, headers)`` is one client
connection to a websocket server (``ws://`` or ``wss://``), shared by every
``subscribe`` (messages received, converted by a message mapper of
``csp.adapters.utils``), ``send`` (``str`` ticks go out as text messages,
``bytes`` as binary) and ``status()`` (a ``ts[Status]`` of
``WebsocketStatus`` codes) made through it. The connection is opened when
the run starts; when it closes or cannot be opened, the manager reports it on
``status()`` and tries again after ``reconnect_interval`` (doubling after
each failed attempt up to ``max_reconnect_interval``, when given), until the
run ends. Values sent while no connection is open are dropped and reported
(``MESSAGE_SEND_FAIL``); a message that cannot be converted is skipped and
reported (``GENERIC_ERROR``). Realtime runs only: in simulation nothing
connects.

``WebsocketTableAdapter(port, delta_updates=False)`` serves tables over HTTP
and websockets from the engine (see ``csp.adapters._live_tables`` for how
``create_table(name, index)`` / ``table.publish(x, field_map)`` make rows):

* ``GET /tables``: ``{"tables": [{"name", "index", "schema", "sub"}]}``,
  ``sub`` being the table's subscription URL;
* ``GET /snap/<name>``: ``{"snap": [rows]}``, the table now;
* websocket ``/subscribe/<name>``: a ``{"messageType": "snap", "data": rows,
  "messageID": 0}`` message, then one ``{"messageType": "upd", "data": rows,
  "messageID": n}`` message per batch of new rows.

An indexed table keeps one row per index value (a new row for a new value,
else an update of its columns); one without index keeps every row (or the
last ``limit``). With ``delta_updates`` an update of an indexed row sends
only its changed columns (and the index), else the whole row. Datetimes are
sent as seconds since the epoch (float), dates as ISO strings, enums by name.

Each manager runs an asyncio loop in a thread of its own: the client speaks
the protocol of the ``websockets`` library over an asyncio connection
(``csp.adapters._websocket_transport``), the table server is tornado's; see
docs/websocket.md for why.
"""

from __future__ import annotations

import asyncio
import collections
import json
import threading
from datetime import datetime, timedelta
from typing import Deque, Dict, List, Optional, TypeVar, Union

import tornado.web
import tornado.websocket

from csp.adapters._json_codec import flat_struct_decoder
from csp.adapters._live_tables import (STOP_TIMEOUT, LiveTable, LiveTableServer, LoopThread, column_kind,
                                        epoch_seconds, plain_value)
from csp.adapters._websocket_transport import Connection, open_connection, reason
from csp.adapters.status import Level, Status
from csp.adapters.utils import (BytesMessageProtoMapper, DateTimeType, JSONTextMessageMapper, MsgMapper,
                                RawBytesMessageMapper, RawTextMessageMapper, _checked_meta_field_map)
from csp.adapters.websocket_types import WebsocketHeaderUpdate, WebsocketStatus
from csp.impl.adaptermanager import AdapterManagerImpl
from csp.impl.outputadapter import OutputAdapter
from csp.impl.pushadapter import PushBatch, PushInputAdapter
from csp.impl.runtime import is_configured_realtime
from csp.impl.types import ts
from csp.impl.wiring import py_output_adapter_def, py_push_adapter_def
from csp.impl.wiring.adapters import PushMode

__all__ = ["BytesMessageProtoMapper", "DateTimeType", "JSONTextMessageMapper", "MsgMapper", "RawBytesMessageMapper",
           "RawTextMessageMapper", "Status", "WebsocketAdapterManager", "WebsocketHeaderUpdate", "WebsocketStatus",
           "WebsocketTableAdapter"]

T = TypeVar("T")

CONNECT_TIMEOUT = timedelta(seconds=10)  # bound on opening one connection
META_FIELDS = ("uri",)


# ================================================================ client


class WebsocketAdapterManager:
    """One websocket client connection (see the module docstring)."""

    def __init__(self, uri: str, reconnect_interval: timedelta = timedelta(seconds=2), headers: Dict[str, str] = None,
                 max_reconnect_interval: Optional[timedelta] = None):
        if not isinstance(uri, str) or not uri.startswith(("ws://", "wss://")):
            raise ValueError(f"WebsocketAdapterManager: uri must start with ws:// or wss://, got {uri!r}")
        if not isinstance(reconnect_interval, timedelta) or reconnect_interval <= timedelta(0):
            raise ValueError(f"WebsocketAdapterManager: reconnect_interval must be a positive timedelta, got "
                             f"{reconnect_interval!r}")
        if max_reconnect_interval is not None and max_reconnect_interval < reconnect_interval:
            raise ValueError("WebsocketAdapterManager: max_reconnect_interval must not be below reconnect_interval")
        self._uri = uri
        self._reconnect_interval = reconnect_interval
        self._max_reconnect_interval = max_reconnect_interval or reconnect_interval
        self._headers = {str(k): str(v) for k, v in (headers or {}).items()}

    def subscribe(self, ts_type: type, msg_mapper: MsgMapper, field_map: Union[dict, str] = None,
                  meta_field_map: dict = None, push_mode: PushMode = PushMode.NON_COLLAPSING):
        """A ``ts[ts_type]`` of the messages received, converted by ``msg_mapper`` (``field_map`` as it takes)."""
        if not isinstance(msg_mapper, MsgMapper):
            raise TypeError("WebsocketAdapterManager.subscribe: msg_mapper must be a csp.adapters.utils MsgMapper, "
                            f"got {type(msg_mapper).__name__}")
        meta_field_map = _checked_meta_field_map("WebsocketAdapterManager.subscribe", ts_type, meta_field_map, META_FIELDS)
        return _WebsocketInput(self, ts_type, msg_mapper, field_map, meta_field_map, push_mode=push_mode)

    def send(self, x) -> None:
        """Sends every tick of ``x`` (``ts[str]``: text messages, ``ts[bytes]``: binary)."""
        _WebsocketOutput(self, x)

    def update_headers(self, x) -> None:
        """Ticks of ``ts[List[WebsocketHeaderUpdate]]`` change the headers of the next connections."""
        _WebsocketHeaders(self, x)

    def status(self, push_mode: PushMode = PushMode.NON_COLLAPSING):
        """A ``ts[Status]`` of the connection's events (``WebsocketStatus`` codes)."""
        return _WebsocketStatusAdapter(self, push_mode=push_mode)

    def _create(self, engine, memo):
        return _WebsocketClientImpl(engine, self)


class _Subscription:
    """A subscription's conversion: JSON objects of flat structs take a fast path, the rest the mapper."""

    def __init__(self, typ, mapper: MsgMapper, field_map, meta_field_map, adapter) -> None:
        self.typ = typ
        self.mapper = mapper
        self.field_map = field_map
        self.meta = meta_field_map
        self.adapter = adapter
        self.flat = flat_struct_decoder(typ, field_map) if type(mapper) is JSONTextMessageMapper else None

    def decode(self, message):
        if self.flat is not None:
            try:
                value = self.flat(json.loads(message))
            except ValueError:
                value = None
            if value is not None:
                return value
        return self.mapper.decode(message, self.typ, self.field_map)


class _WebsocketClientImpl(AdapterManagerImpl):
    """Run time: the connection, on an asyncio loop thread; reconnects until the run stops."""

    def __init__(self, engine, manager: WebsocketAdapterManager) -> None:
        super().__init__(engine)
        self._manager = manager
        self._headers = dict(manager._headers)
        self._subscriptions: List[_Subscription] = []
        self._status_adapters: List[PushInputAdapter] = []
        self._runner: Optional[LoopThread] = None
        self._task: Optional[asyncio.Task] = None
        self._connection: Optional[Connection] = None
        self._outbox: Deque[Union[str, bytes]] = collections.deque()
        self._drain_scheduled = False
        self._outbox_lock = threading.Lock()
        self._inbox: List[tuple] = []  # (adapter, value) received, not yet handed to the engine (loop thread)

    def add_subscription(self, subscription: _Subscription) -> None:
        self._subscriptions.append(subscription)

    def add_status(self, adapter) -> None:
        self._status_adapters.append(adapter)

    def update_headers(self, updates: List[WebsocketHeaderUpdate]) -> None:
        headers = dict(self._headers)
        for update in updates:
            if update.value:
                headers[update.key] = update.value
            else:
                headers.pop(update.key, None)
        self._headers = headers  # read by the next connection attempt

    # -- run
    def start(self, starttime: datetime, endtime: datetime) -> None:
        if not is_configured_realtime():
            return  # simulation: nothing connects
        self._runner = LoopThread(f"csp-websocket {self._manager._uri}")
        self._task = self._runner.call(self._spawn, STOP_TIMEOUT)

    async def _spawn(self) -> asyncio.Task:
        return asyncio.get_running_loop().create_task(self._connect_forever())

    def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is None:
            return
        try:
            runner.call(self._close, STOP_TIMEOUT)
        except Exception:  # the loop is stopped below in any case
            pass
        runner.stop()

    async def _close(self) -> None:
        self._drain()
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            pass
        self._task = None
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close(1000)
            try:
                await asyncio.wait_for(asyncio.shield(connection.closed), 1.0)
            except asyncio.TimeoutError:
                pass

    async def _connect_forever(self) -> None:
        m = self._manager
        interval = m._reconnect_interval
        while True:
            try:
                connection = await open_connection(m._uri, dict(self._headers), self._on_message,
                                                   CONNECT_TIMEOUT.total_seconds())
            except asyncio.CancelledError:
                raise
            except Exception as error:
                self.push_status(Level.ERROR, WebsocketStatus.CONNECTION_FAILED,
                                 f"Connection Failure: {reason(error)}")
                await asyncio.sleep(interval.total_seconds())
                interval = min(interval * 2, m._max_reconnect_interval)
                continue
            interval = m._reconnect_interval
            self._connection = connection
            self.push_status(Level.INFO, WebsocketStatus.ACTIVE, "Connected successfully")
            connection.start_delivery()
            self._drain()
            await connection.closed
            self._connection = None
            self.push_status(Level.INFO, WebsocketStatus.CLOSED, "Connection closed")
            await asyncio.sleep(interval.total_seconds())

    def _on_message(self, message: Union[str, bytes]) -> None:
        for subscription in self._subscriptions:
            try:
                value = subscription.decode(message)
                for meta, field in subscription.meta.items():
                    setattr(value, field, self._manager._uri if meta == "uri" else None)
            except (ValueError, TypeError, UnicodeDecodeError) as error:
                self.push_status(Level.ERROR, WebsocketStatus.GENERIC_ERROR,
                                 f"{self._manager._uri}: message skipped: {error}")
                continue
            self._inbox.append((subscription.adapter, value))
        if len(self._inbox) == 1:  # the first of a burst: hand them to the engine when the burst is read
            asyncio.get_running_loop().call_soon(self._deliver)

    def _deliver(self) -> None:
        """Hands the values received so far to the engine at once (one wake-up of the engine per burst)."""
        inbox, self._inbox = self._inbox, []
        if inbox:
            with PushBatch() as batch:
                for adapter, value in inbox:
                    adapter.push_tick(value, batch)

    # -- sending (engine thread -> loop thread)
    def send(self, payload: Union[str, bytes]) -> None:
        runner = self._runner
        if runner is None:
            return
        with self._outbox_lock:
            self._outbox.append(payload)
            if self._drain_scheduled:
                return
            self._drain_scheduled = True
        runner.loop.call_soon_threadsafe(self._drain)

    def _drain(self) -> None:
        with self._outbox_lock:
            pending, self._outbox = self._outbox, collections.deque()
            self._drain_scheduled = False
        if not pending:
            return
        connection = self._connection
        if connection is None or not connection.is_open():
            self.push_status(Level.ERROR, WebsocketStatus.MESSAGE_SEND_FAIL,
                             f"{self._manager._uri}: not connected, {len(pending)} message(s) dropped")
            return
        for payload in pending:
            connection.send(payload)

    def push_status(self, level: Level, code: WebsocketStatus, msg: str) -> None:
        if self._inbox and self._runner is not None and self._runner.in_loop():
            self._deliver()  # the messages received before the event tick before it
        status = Status(level=int(level), status_code=int(code), msg=msg)
        for adapter in self._status_adapters:
            adapter.push_tick(status)


class _WebsocketInputImpl(PushInputAdapter):
    def __init__(self, manager_impl: _WebsocketClientImpl, typ, mapper, field_map, meta_field_map):
        manager_impl.add_subscription(_Subscription(typ, mapper, field_map, meta_field_map, self))


class _WebsocketStatusImpl(PushInputAdapter):
    def __init__(self, manager_impl: _WebsocketClientImpl):
        manager_impl.add_status(self)


class _WebsocketOutputImpl(OutputAdapter):
    def __init__(self, manager_impl: _WebsocketClientImpl):
        self._manager = manager_impl

    def on_tick(self, time: datetime, value: object) -> None:
        if isinstance(value, (str, bytes)):
            self._manager.send(value)
        else:
            self._manager.push_status(Level.ERROR, WebsocketStatus.MESSAGE_SEND_FAIL,
                                      f"send: a {type(value).__name__} is neither str nor bytes, not sent")


class _WebsocketHeadersImpl(OutputAdapter):
    def __init__(self, manager_impl: _WebsocketClientImpl):
        self._manager = manager_impl

    def on_tick(self, time: datetime, value: object) -> None:
        self._manager.update_headers(value)


_WebsocketInput = py_push_adapter_def("WebsocketInput", _WebsocketInputImpl, ts["T"], WebsocketAdapterManager,
                                      typ="T", mapper=object, field_map=object, meta_field_map=object)
_WebsocketStatusAdapter = py_push_adapter_def("WebsocketStatus", _WebsocketStatusImpl, ts[Status],
                                              WebsocketAdapterManager)
_WebsocketOutput = py_output_adapter_def("WebsocketOutput", _WebsocketOutputImpl, WebsocketAdapterManager,
                                         x=ts["T"])
_WebsocketHeaders = py_output_adapter_def("WebsocketHeaders", _WebsocketHeadersImpl, WebsocketAdapterManager,
                                          x=ts[List[WebsocketHeaderUpdate]])


# ================================================================ table server


class WebsocketTableAdapter:
    """A websocket server of live tables on ``port`` (see the module docstring)."""

    def __init__(self, port: int, delta_updates: bool = False, host: str = ""):
        if not isinstance(port, int) or not 0 <= port < 65536:
            raise ValueError(f"WebsocketTableAdapter: port must be an int in 0..65535, got {port!r}")
        self._port = port
        self._host = host
        self._delta_updates = bool(delta_updates)
        self._tables: Dict[str, LiveTable] = {}

    def create_table(self, name: str, index: Optional[str] = None, limit: Optional[int] = None) -> LiveTable:
        """A new table (``index``: the column identifying a row; ``limit``: rows kept without index)."""
        if name in self._tables:
            raise ValueError(f"WebsocketTableAdapter: table {name!r} already exists")
        table = LiveTable(self, name, index=index, limit=limit)
        self._tables[name] = table
        return table

    def _publish_rows(self, table: LiveTable, rows) -> None:
        _TableRows(self, table.name, rows)

    def _create(self, engine, memo):
        return _TableServerImpl(engine, self)


class _TableState:
    """A table's rows on the server (loop thread only)."""

    def __init__(self, table: LiveTable, delta_updates: bool) -> None:
        self.table = table
        self.delta = delta_updates
        self.keyed: Dict[object, dict] = {}
        self.rows: Deque[dict] = collections.deque(maxlen=table.limit)
        self.subscribers: List["_SubscribeHandler"] = []

    def snapshot(self) -> List[dict]:
        return list(self.keyed.values()) if self.table.index is not None else list(self.rows)

    def apply(self, row: dict) -> Optional[dict]:
        """Adds ``row``; returns what to send subscribers (None: nothing changed)."""
        index = self.table.index
        if index is None:
            self.rows.append(row)
            return row
        key = row.get(index)
        if key is None:
            return None
        current = self.keyed.get(key)
        if current is None:
            self.keyed[key] = dict(row)
            return row
        changed = {column: value for column, value in row.items() if current.get(column, _MISSING) != value}
        current.update(changed)
        if not changed:
            return None
        if self.delta:
            changed[index] = key
            return changed
        return dict(current)


_MISSING = object()


def _dumps(data) -> str:
    return json.dumps(data, separators=(",", ":"))


class _TableServerImpl(LiveTableServer):
    """Run time: the HTTP / websocket server on an asyncio loop thread; rows arrive from the engine thread."""

    def __init__(self, engine, adapter: WebsocketTableAdapter) -> None:
        super().__init__(engine, f"csp-websocket-tables :{adapter._port}")
        self._adapter = adapter
        self._states = {name: _TableState(table, adapter._delta_updates) for name, table in adapter._tables.items()}

    def convert(self, value):
        return plain_value(value, epoch_seconds)

    async def _listen(self) -> None:
        app = tornado.web.Application([
            (r"/tables", _TablesHandler, {"impl": self}),
            (r"/snap/(.+)", _SnapHandler, {"impl": self}),
            (r"/subscribe/(.+)", _SubscribeHandler, {"impl": self}),
        ], websocket_max_message_size=1 << 20)
        self._server = app.listen(self._adapter._port, address=self._adapter._host)

    async def _shutdown(self) -> None:
        await super()._shutdown()
        for state in self._states.values():
            for handler in list(state.subscribers):
                handler.close(1001)

    def _apply(self, by_table: Dict[str, List[dict]]) -> None:
        for name, rows in by_table.items():
            state = self._states[name]
            sent = [update for update in map(state.apply, rows) if update is not None]
            if sent:
                for handler in list(state.subscribers):
                    handler.send("upd", sent)

    def state(self, name: str) -> _TableState:
        state = self._states.get(name)
        if state is None:
            raise tornado.web.HTTPError(404, f"no table {name!r}; tables: {sorted(self._states)}")
        return state

    def describe(self, host: str) -> dict:
        return {"tables": [{"name": name, "index": state.table.index,
                            "schema": {column: column_kind(typ) for column, typ in state.table.schema.items()},
                            "sub": f"ws://{host}/subscribe/{name}"} for name, state in self._states.items()]}


class _TablesHandler(tornado.web.RequestHandler):
    def initialize(self, impl: _TableServerImpl) -> None:
        self.impl = impl

    def get(self) -> None:
        self.set_header("Content-Type", "application/json")
        self.write(_dumps(self.impl.describe(self.request.host)))


class _SnapHandler(_TablesHandler):
    def get(self, name: str) -> None:
        self.set_header("Content-Type", "application/json")
        self.write(_dumps({"snap": self.impl.state(name).snapshot()}))


class _SubscribeHandler(tornado.websocket.WebSocketHandler):
    def initialize(self, impl: _TableServerImpl) -> None:
        self.impl = impl
        self.state: Optional[_TableState] = None
        self.message_id = 0

    def check_origin(self, origin: str) -> bool:
        return True

    async def get(self, name: str) -> None:
        self.impl.state(name)  # an unknown table: 404 before the upgrade
        await super().get(name)

    def open(self, name: str) -> None:
        self.impl._flush()  # the snapshot includes every row written so far
        self.state = self.impl.state(name)
        self.send("snap", self.state.snapshot())
        self.state.subscribers.append(self)

    def send(self, kind: str, rows: List[dict]) -> None:
        try:
            self.write_message(_dumps({"messageType": kind, "data": rows, "messageID": self.message_id}))
        except tornado.websocket.WebSocketClosedError:
            return
        self.message_id += 1

    def on_close(self) -> None:
        if self.state is not None and self in self.state.subscribers:
            self.state.subscribers.remove(self)


class _TableRowsImpl(OutputAdapter):
    def __init__(self, server: _TableServerImpl, table: str):
        self._server = server
        self._name = table

    def on_tick(self, time: datetime, value: object) -> None:
        self._server.write(self._name, value)


_TableRows = py_output_adapter_def("WebsocketTableRows", _TableRowsImpl, WebsocketTableAdapter, table=str,
                                   x=ts[object])
