"""Perspective adapter: time series of a running graph as live Perspective tables, served to browsers.

::

    adapter = PerspectiveAdapter(8080)                  # in the graph
    quotes = adapter.create_table("quotes", index="symbol")
    quotes.publish(quote_structs)                       # every field a column
    quotes.publish(spread, field_map="spread")          # a scalar series: one named column

``create_table(name, limit=None, index=None)`` makes a table of the
``perspective.Server`` of the adapter (``adapter.server``). Each engine cycle
in which a table's inputs tick makes one row of the columns that ticked (see
``csp.adapters._live_tables``): with ``index`` the row updates the row of
its index value, with ``limit`` the table keeps the last ``limit`` rows,
else every row. Datetimes become Perspective datetimes, dates dates, enums
their names.

While the graph runs, the adapter serves on ``port`` (tornado):

* ``/websocket``: Perspective's websocket protocol (``PerspectiveTornadoHandler``),
  for ``<perspective-viewer>`` or any Perspective client;
* ``/``: a page with a ``<perspective-viewer>`` of a table (``/?table=name``,
  the first table by default) and links to the others;
* ``/static/...``: the viewer's JavaScript and CSS, from the perspective-python
  package (no CDN needed).

In realtime, rows reach the tables every ``throttle`` (batched: the browser
is not redrawn for every tick); in simulation ("playback"), as fast as the
run goes. After the run the tables stay in ``adapter.server``
(``adapter.client().open_table(name)`` reads them).
"""

from __future__ import annotations

import html
import os
from datetime import datetime, timedelta
from typing import Dict, List, Optional

import perspective
import tornado.ioloop
import tornado.web
from perspective.handlers.tornado import PerspectiveTornadoHandler

from csp.adapters._live_tables import LiveTable, LiveTableServer, column_kind, epoch_seconds, plain_value
from csp.impl.outputadapter import OutputAdapter
from csp.impl.runtime import is_configured_realtime
from csp.impl.types import ts
from csp.impl.wiring import py_output_adapter_def

__all__ = ["PerspectiveAdapter", "PerspectiveTableAdapter"]

STATIC_DIR = os.path.join(os.path.dirname(perspective.__file__), "widget", "static")
_PLAYBACK_BATCH = 10_000  # rows queued in simulation before they are sent to the tables


class PerspectiveTableAdapter(LiveTable):
    """A table of a PerspectiveAdapter (made by ``PerspectiveAdapter.create_table``); ``publish`` fills it."""


class PerspectiveAdapter:
    """Live Perspective tables of a graph, served on ``port`` (see the module docstring).

    ``threadpool_size`` is the number of threads of Perspective's thread pool (process-wide), set when the run
    starts.
    """

    def __init__(self, port: int, threadpool_size: int = 2, throttle: timedelta = timedelta(seconds=1),
                 host: str = ""):
        if not isinstance(port, int) or not 0 <= port < 65536:
            raise ValueError(f"PerspectiveAdapter: port must be an int in 0..65535, got {port!r}")
        if not isinstance(throttle, timedelta) or throttle <= timedelta(0):
            raise ValueError(f"PerspectiveAdapter: throttle must be a positive timedelta, got {throttle!r}")
        self._port = port
        self._host = host
        self._throttle = throttle
        self._threadpool_size = threadpool_size
        self._tables: Dict[str, PerspectiveTableAdapter] = {}
        self.server = perspective.Server()
        self._client = self.server.new_local_client()

    def create_table(self, name: str, limit: Optional[int] = None, index: Optional[str] = None
                     ) -> PerspectiveTableAdapter:
        """A new table named ``name``: keyed by the column ``index``, or keeping the last ``limit`` rows."""
        if name in self._tables:
            raise ValueError(f"PerspectiveAdapter: table {name!r} already exists")
        table = PerspectiveTableAdapter(self, name, index=index, limit=limit)
        self._tables[name] = table
        return table

    def client(self):
        """A Perspective client of the adapter's server (in this process): ``client().open_table(name)``."""
        return self.server.new_local_client()

    def _publish_rows(self, table: LiveTable, rows) -> None:
        _PerspectiveRows(self, table.name, rows)

    def _create(self, engine, memo):
        return _PerspectiveImpl(engine, self)


def _perspective_datetime(value: datetime) -> int:
    return int(round(epoch_seconds(value) * 1000))  # Perspective datetimes: milliseconds since the epoch


class _PerspectiveImpl(LiveTableServer):
    """Run time: the tornado server on a loop thread; rows queue on the engine thread and reach the tables there."""

    def __init__(self, engine, adapter: PerspectiveAdapter) -> None:
        super().__init__(engine, f"csp-perspective :{adapter._port}")
        self._adapter = adapter
        self._flusher: Optional[tornado.ioloop.PeriodicCallback] = None
        self._tables: Dict[str, object] = {}
        self._realtime = False

    def start(self, starttime: datetime, endtime: datetime) -> None:
        self._realtime = is_configured_realtime()
        if self._adapter._threadpool_size:
            perspective.set_num_cpus(int(self._adapter._threadpool_size))
        self._tables = self._make_tables()
        super().start(starttime, endtime)

    def _make_tables(self) -> Dict[str, object]:
        adapter = self._adapter
        client = adapter._client
        hosted = set(client.get_hosted_table_names())
        tables = {}
        for name, table in adapter._tables.items():
            if name in hosted:  # a second run of the same adapter: the table goes on
                tables[name] = client.open_table(name)
                continue
            schema = {column: column_kind(typ) for column, typ in table.schema.items()}
            options = {"name": name}
            if table.index is not None:
                options["index"] = table.index
            if table.limit is not None:
                options["limit"] = table.limit
            tables[name] = client.table(schema, **options)
        return tables

    def convert(self, value):
        return plain_value(value, _perspective_datetime)

    async def _listen(self) -> None:
        adapter = self._adapter
        app = tornado.web.Application([
            (r"/websocket", PerspectiveTornadoHandler, {"perspective_server": adapter.server}),
            (r"/static/(.*)", tornado.web.StaticFileHandler, {"path": STATIC_DIR}),
            (r"/", _ViewerPage, {"tables": list(adapter._tables)}),
            (r"/favicon.ico", _NoContent),
        ], websocket_max_message_size=1 << 28)
        self._server = app.listen(adapter._port, address=adapter._host)
        if self._realtime:
            milliseconds = max(1.0, adapter._throttle / timedelta(milliseconds=1))
            self._flusher = tornado.ioloop.PeriodicCallback(self._flush, milliseconds)
            self._flusher.start()

    async def _shutdown(self) -> None:
        if self._flusher is not None:
            self._flusher.stop()
        await super()._shutdown()

    def _flush_now(self, queued: int) -> bool:
        return not self._realtime and queued >= _PLAYBACK_BATCH  # realtime: every throttle

    def _apply(self, by_table: Dict[str, List[dict]]) -> None:
        for name, rows in by_table.items():
            self._tables[name].update(rows)


_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/static/perspective-anywidget.css">
<style>
  body {{ margin: 0; font-family: sans-serif; }}
  nav {{ height: 28px; padding: 4px 8px; }}
  nav a {{ margin-right: 12px; }}
  perspective-viewer {{ position: absolute; top: 36px; left: 0; right: 0; bottom: 0; }}
</style></head>
<body data-table="{table}" data-state="loading">
<nav>{links}</nav>
<perspective-viewer id="viewer"></perspective-viewer>
<script type="module">
import {{ ready }} from "/static/perspective-anywidget.js";
const body = document.body;
try {{
  await ready;
  const viewer = document.getElementById("viewer");
  await customElements.whenDefined("perspective-viewer");
  const wasm = customElements.get("perspective-viewer").__wasm_module__;
  const socket = new WebSocket(`ws://${{location.host}}/websocket`);
  socket.binaryType = "arraybuffer";
  await new Promise((resolve, reject) => {{ socket.onopen = resolve; socket.onerror = reject; }});
  const client = new wasm.Client(async (message) => socket.send(message.slice().buffer), () => socket.close());
  socket.onmessage = (event) => client.handle_response(event.data);
  socket.onclose = () => {{ body.dataset.state = "disconnected"; }};
  const table = await client.open_table(body.dataset.table);
  await viewer.load(table);
  await viewer.restore({{ title: body.dataset.table }});
  body.dataset.state = "loaded";
}} catch (error) {{
  body.dataset.state = "error";
  body.dataset.error = String(error);
  console.error(error);
}}
</script></body></html>
"""


class _ViewerPage(tornado.web.RequestHandler):
    """``/``: a viewer of one table (``?table=name``) with links to the others."""

    def initialize(self, tables: List[str]) -> None:
        self.tables = tables

    def get(self) -> None:
        if not self.tables:
            raise tornado.web.HTTPError(404, "no table published")
        name = self.get_argument("table", self.tables[0])
        if name not in self.tables:
            raise tornado.web.HTTPError(404, f"no table {name!r}; tables: {self.tables}")
        links = " ".join(f'<a href="/?table={html.escape(t)}">{html.escape(t)}</a>' for t in self.tables)
        self.write(_PAGE.format(title=html.escape(f"csp: {name}"), table=html.escape(name), links=links))


class _NoContent(tornado.web.RequestHandler):
    def get(self) -> None:
        self.set_status(204)


class _PerspectiveRowsImpl(OutputAdapter):
    def __init__(self, manager_impl: _PerspectiveImpl, table: str):
        self._manager = manager_impl
        self._name = table

    def on_tick(self, time: datetime, value: object) -> None:
        self._manager.write(self._name, value)


_PerspectiveRows = py_output_adapter_def("PerspectiveRows", _PerspectiveRowsImpl, PerspectiveAdapter, table=str,
                                         x=ts[object])
