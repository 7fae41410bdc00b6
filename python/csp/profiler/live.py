"""The profiler's live page: ``Profiler(http_port=...)`` serves the statistics of the graph running now.

``GET /`` is an HTML page (refreshing itself every few seconds) with the cycle
statistics, a table per node type, the graph's make-up and memory: the
process's resident set size sampled every second, and the Python objects per
type counted when the page is asked for (at most every ten seconds: counting
walks the heap). ``GET /?format=json`` is the same as
JSON. Served on 127.0.0.1 by a thread of the standard library's HTTP server;
statistics are read with ``csp._native.Profiler.published``, so a page view
waits at most for the end of the engine's current cycle (a simulation lends
the GIL to the server's thread every 20 ms) and an idle server costs the
graph nothing but the one-second RSS sample.
"""

from __future__ import annotations

import collections
import gc
import html
import json
import math
import os
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, List, Tuple
from urllib.parse import parse_qs, urlparse

from csp.profiler._info import node_type_rows

MEMORY_INTERVAL = 1.0  # seconds between RSS samples
MEMORY_HISTORY = 600  # samples kept
OBJECT_TYPES_SHOWN = 25
OBJECT_COUNT_EVERY = 10.0  # seconds: page views in between show the latest count
PAGE_REFRESH = 2  # seconds


def resident_set_bytes() -> int:
    """The process's resident set size (Linux /proc; elsewhere the peak, from getrusage)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def object_counts(limit: int = OBJECT_TYPES_SHOWN) -> List[Tuple[str, int]]:
    """The most numerous Python object types tracked by the garbage collector."""
    counts = collections.Counter(type(obj).__name__ for obj in gc.get_objects())
    return counts.most_common(limit)


class _ObjectCounts:
    """object_counts() at most every OBJECT_COUNT_EVERY seconds: counting walks the heap holding the GIL."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._taken = -math.inf
        self._counts: List[Tuple[str, int]] = []

    def get(self) -> List[Tuple[str, int]]:
        with self._lock:
            if time.monotonic() - self._taken >= OBJECT_COUNT_EVERY:
                self._counts = object_counts()
                self._taken = time.monotonic()
            return self._counts


class MemorySampler:
    """Samples RSS every MEMORY_INTERVAL seconds on a daemon thread until closed."""

    def __init__(self) -> None:
        self.samples = collections.deque(maxlen=MEMORY_HISTORY)
        self.object_counts = _ObjectCounts()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="csp-profiler-memory", daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while True:
            self.samples.append((datetime.now().isoformat(timespec="seconds"), resident_set_bytes()))
            if self._stop.wait(MEMORY_INTERVAL):
                return

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def snapshot(profiler, sampler: MemorySampler) -> dict:
    """Everything the page shows, as plain data."""
    info = profiler.results()
    fields = ("cycle_count", "average_cycle_time", "max_cycle_time", "utilization", "build_time")
    data = {name: _number(getattr(info, name, None)) for name in fields}
    data["node_stats"] = getattr(info, "node_stats", {})
    graph = info.graph_info
    data["graph_info"] = {name: getattr(graph, name, None)
                          for name in ("node_count", "edge_count", "nodetype_counts", "longest_path")}
    data["running"] = profiler.running
    data["memory"] = {"rss_bytes": resident_set_bytes(), "history": list(sampler.samples),
                      "object_counts": dict(sampler.object_counts.get())}
    return data


def _number(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


class LiveServer:
    """Serves a Profiler's live page on 127.0.0.1:``port`` (0: any free port, see ``port``) until closed."""

    def __init__(self, profiler, port: int, display_graphs: bool = False) -> None:
        self._profiler = profiler
        self._display_graphs = display_graphs
        self._sampler = MemorySampler()
        handler = type("ProfilerPageHandler", (_Handler,), {"live": self})
        try:
            self._server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError as error:
            self._sampler.close()
            raise OSError(f"csp.profiler: cannot serve the live page on 127.0.0.1:{port}: {error}") from error
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="csp-profiler-http", daemon=True)
        self._thread.start()

    def data(self) -> dict:
        return snapshot(self._profiler, self._sampler)

    def page(self) -> str:
        return render_page(self.data(), self._display_graphs)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self._sampler.close()


class _Handler(BaseHTTPRequestHandler):
    live: LiveServer

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        url = urlparse(self.path)
        if url.path not in ("/", "/index.html"):
            return self._send(404, "text/plain", f"no page {url.path}: see / or /?format=json")
        if parse_qs(url.query).get("format") == ["json"]:
            return self._send(200, "application/json", json.dumps(self.live.data()))
        return self._send(200, "text/html; charset=utf-8", self.live.page())

    def _send(self, status: int, content_type: str, body: str) -> None:
        payload = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args) -> None:  # requests are not logged to stderr
        pass


# ---------------------------------------------------------------- the page

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.6em; }
table { border-collapse: collapse; } td, th { padding: 0.2em 0.8em; border-bottom: 1px solid #ddd; }
th { text-align: left; background: #f3f3f3; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.state { display: inline-block; padding: 0.1em 0.6em; border-radius: 0.8em; background: #d9ead3; }
.state.done { background: #eee; }
"""


def _seconds(value) -> str:
    return "–" if value is None else f"{value:.6g}"


def _table(element_id: str, header: List[str], rows: List[List[str]]) -> str:
    head = "".join(f"<th>{html.escape(name)}</th>" for name in header)
    body = "".join("<tr>" + "".join(cell for cell in row) + "</tr>" for row in rows)
    return f'<table id="{element_id}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _cell(value, numeric: bool = False) -> str:
    return f'<td class="n">{html.escape(str(value))}</td>' if numeric else f"<td>{html.escape(str(value))}</td>"


def _node_rows(node_stats: Dict[str, dict]) -> List[List[str]]:
    return [[_cell(row.name), _cell(row.executions, True), _cell(_seconds(row.total_time), True),
             _cell(_seconds(row.average_time), True), _cell(_seconds(row.max_time), True),
             _cell(f"{row.percent:.1f}", True)] for row in node_type_rows(node_stats)]


def _bar_chart(node_stats: Dict[str, dict]) -> str:
    """An SVG bar per node type, its length the type's share of the total node time."""
    rows = sorted(node_stats.items(), key=lambda item: -item[1]["total_time"])[:20]
    total = sum(entry["total_time"] for _, entry in rows) or 1.0
    bars = []
    for index, (name, entry) in enumerate(rows):
        width = 400 * entry["total_time"] / total
        y = 22 * index
        bars.append(f'<text x="0" y="{y + 15}" font-size="12">{html.escape(name)}</text>'
                    f'<rect x="200" y="{y + 3}" width="{width:.1f}" height="16" fill="#6fa8dc"/>')
    return f'<svg id="node-chart" width="620" height="{22 * len(rows) + 4}">{"".join(bars)}</svg>'


def render_page(data: dict, display_graphs: bool = False) -> str:
    running = data["running"]
    state = '<span class="state">running</span>' if running else '<span class="state done">not running</span>'
    cycles = _table("cycle-stats", ["Cycles", "Average cycle (s)", "Max cycle (s)", "Utilization", "Build time (s)"],
                    [[_cell(data["cycle_count"] if data["cycle_count"] is not None else "–", True),
                      _cell(_seconds(data["average_cycle_time"]), True), _cell(_seconds(data["max_cycle_time"]), True),
                      _cell(_seconds(data["utilization"]), True), _cell(_seconds(data["build_time"]), True)]])
    nodes = _table("node-stats", ["Node type", "Executions", "Total (s)", "Average (s)", "Max (s)", "% time"],
                   _node_rows(data["node_stats"]))
    graph = data["graph_info"]
    graph_rows = [[_cell(name), _cell(count, True)] for name, count in (graph["nodetype_counts"] or {}).items()]
    memory = data["memory"]
    history = memory["history"][-10:]
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f'<meta http-equiv="refresh" content="{PAGE_REFRESH}"><title>csp profiler</title>',
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>csp profiler {state}</h1>",
        "<h2>Cycles</h2>", cycles,
        "<h2>Node types</h2>", nodes,
        _bar_chart(data["node_stats"]) if display_graphs else "",
        "<h2>Memory</h2>",
        f'<p id="rss">Resident set: {memory["rss_bytes"] / 2**20:.1f} MiB</p>',
        _table("rss-history", ["Time", "RSS (MiB)"], [[_cell(t), _cell(f"{rss / 2**20:.1f}", True)]
                                                       for t, rss in history]),
        "<h3>Python objects by type</h3>",
        _table("object-counts", ["Type", "Objects"], [[_cell(name), _cell(count, True)]
                                                       for name, count in memory["object_counts"].items()]),
        "<h2>Graph</h2>",
        f'<p id="graph-summary">{graph["node_count"]} nodes, {graph["edge_count"]} edges; longest path: '
        f'{html.escape(" → ".join(graph["longest_path"] or []))}</p>',
        _table("graph-nodes", ["Node type", "Count"], graph_rows),
        f'<p>Also as JSON: <a href="/?format=json">?format=json</a>. Page taken {time.strftime("%H:%M:%S")}.</p>',
        "</body></html>",
    ]
    return "".join(parts)
