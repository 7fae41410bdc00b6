"""Profiler: times the runs made inside its ``with`` block (on any thread), in the C++ engine."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import NamedTuple, Optional

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
        self._lock = threading.Lock()
        self._claimed = False  # a run of this block is (or was) profiled
        self._run: Optional[_ProfiledRun] = None  # set in one assignment: other threads read it
        self._server = None

    def __enter__(self) -> "Profiler":
        if self._server is None and self._http_port is not None:
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
        run = self._run
        return run is not None and bool(run.native.published(0.0)["running"])

    @property
    def http_port(self) -> Optional[int]:
        """The port the live page is served on (the one chosen when ``http_port=0``), or None."""
        return self._server.port if self._server is not None else None

    # ---- RunObserver
    def run_starting(self, engine, built, build_time):
        with self._lock:  # one block, one profiled run (as the reference): the first to start
            if self._claimed:
                return None
            self._claimed = True
        native = _native.Profiler(self._cycle_file, self._node_file, RUN_NAMES)
        self._run = _ProfiledRun(native, describe(built), build_time, engine)
        _native.set_profiler(engine, native)
        if self._server is not None:
            _native.share_gil(engine, SHARE_GIL_EVERY)  # the live page's thread gets its turn in simulations
        return lambda: _engine_stats(native)

    def run_finished(self, engine) -> None:
        run = self._run
        if run is not None and run.engine is engine:
            _native.set_profiler(engine, None)
            self._run = run._replace(engine=None)

    # ---- results
    def results(self) -> ProfilerInfo:
        """The profiled run's ProfilerInfo (its fields unset when nothing ran); while it goes on, its
        statistics as of the end of its latest cycle (at once when asked by one of its nodes)."""
        run = self._run
        if run is None:
            return ProfilerInfo(graph_info=GraphInfo())
        return from_snapshot(run.native.published(1.0), run.graph, run.build_time)


class _ProfiledRun(NamedTuple):
    native: object  # csp._native.Profiler
    graph: GraphInfo
    build_time: Optional[float]
    engine: object  # while it runs


# A simulation holds the GIL while it runs C++ nodes: with a live page, the engine lends it this often.
SHARE_GIL_EVERY = timedelta(milliseconds=20)


def _engine_stats(native) -> dict:
    """csp.engine_stats inside a node: the run so far (read on the engine's thread: no wait)."""
    info = from_snapshot(native.published(0.0), None, None)
    return {"cycle_count": info.cycle_count, "average_cycle_time": info.average_cycle_time,
            "max_cycle_time": info.max_cycle_time, "utilization": info.utilization, "node_stats": info.node_stats}
