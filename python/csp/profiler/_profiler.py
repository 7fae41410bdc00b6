"""Profiler: times the runs made inside its ``with`` block (on any thread), in the C++ engine."""

from __future__ import annotations

import threading
from typing import Optional

from csp import _native
from csp.impl.runtime import RunObserver, add_run_observer, remove_run_observer
from csp.profiler._graph import GraphInfo, describe
from csp.profiler._info import ProfilerInfo, from_snapshot
from csp.profiler._names import RUN_NAMES


class Profiler(RunObserver):
    """``with Profiler() as p: csp.run(...)``, then ``p.results()``.

    The first csp.run started inside the block (on any thread) is profiled and
    ``results()`` describes it; later runs in the block are not profiled (use
    one Profiler per run). ``cycle_file`` / ``node_file`` (paths) receive one CSV line per
    cycle / node execution while the graph runs. ``http_port`` serves a live page
    of the statistics on 127.0.0.1 for the duration of the block (see
    csp.profiler.live); ``display_graphs`` adds charts of node times to it.
    """

    def __init__(self, http_port: Optional[int] = None, cycle_file: Optional[str] = "",
                 node_file: Optional[str] = "", display_graphs: bool = False) -> None:
        self._http_port = http_port
        self._cycle_file = cycle_file or ""
        self._node_file = node_file or ""
        self._display_graphs = display_graphs
        self._native = None  # the latest run's csp._native.Profiler
        self._graph = None
        self._build_time = None
        self._server = None
        self._run_thread = None  # the thread of the run in progress

    def __enter__(self) -> "Profiler":
        if self._http_port is not None:
            from csp.profiler.live import LiveServer

            self._server = LiveServer(self, self._http_port, self._display_graphs)
        add_run_observer(self)
        return self

    def __exit__(self, *exc_info) -> None:
        remove_run_observer(self)
        if self._server is not None:
            self._server.close()
            self._server = None

    @property
    def running(self) -> bool:
        """A profiled run is in progress."""
        return self._native is not None and bool(self._native.published(0.0)["running"])

    @property
    def http_port(self) -> Optional[int]:
        """The port the live page is served on (the one chosen when ``http_port=0``), or None."""
        return self._server.port if self._server is not None else None

    # ---- RunObserver
    def run_starting(self, engine, built, build_time):
        if self._native is not None:  # one block, one profiled run (as the reference): the first
            return None
        native = _native.Profiler(self._cycle_file, self._node_file, RUN_NAMES)
        _native.set_profiler(engine, native)
        self._native, self._graph, self._build_time = native, describe(built), build_time
        self._run_thread = threading.get_ident()
        return lambda: _current_stats(native)

    def run_finished(self, engine) -> None:
        if self._run_thread == threading.get_ident():
            _native.set_profiler(engine, None)
            self._run_thread = None

    # ---- results
    def results(self) -> ProfilerInfo:
        """The latest run's ProfilerInfo (its fields unset when nothing ran); while a run goes on (from
        another thread), its statistics as of the end of its latest cycle."""
        if self._native is None:
            return ProfilerInfo(graph_info=GraphInfo())
        if self._run_thread == threading.get_ident():  # asked by a node of the run: the statistics so far
            return from_snapshot(_current_stats_raw(self._native), self._graph, self._build_time)
        return from_snapshot(self._native.published(1.0), self._graph, self._build_time)


def _current_stats_raw(native) -> dict:
    """The run so far, read on the engine's thread (in the shape of csp._native.Profiler.published)."""
    return {"cycle_count": native.cycle_count, "total_cycle_time": native.total_cycle_time,
            "max_cycle_time": native.max_cycle_time, "node_count": native.node_count,
            "node_stats": native.node_stats(), "running": True}


def _current_stats(native) -> dict:
    """csp.engine_stats inside a node: the run so far."""
    info = from_snapshot(_current_stats_raw(native), None, None)
    return {"cycle_count": info.cycle_count, "average_cycle_time": info.average_cycle_time,
            "max_cycle_time": info.max_cycle_time, "utilization": info.utilization, "node_stats": info.node_stats}
