"""Running graphs: csp.run, csp.build_graph, csp.run_on_thread.

``run`` calls the graph function inside a fresh GraphContext, collects its
outputs, adds the description to a ``csp._native.Engine`` and runs it. The
engine of the running graph is current on its thread, so functions such as
``csp.engine_start_time()`` and ``csp.stop_engine()`` work inside nodes.
"""

from __future__ import annotations

import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, List, Optional

import numpy as np

from csp import _native
from csp.impl import progress as _progress
from csp.impl.types import dynamic_basket_types
from csp.impl.wiring.context import GraphContext, current_context, require_context
from csp.impl.wiring.edge import Edge, edge_operations
from csp.impl.wiring.instances import EngineBuilder, GraphOutputInstance

MAX_END_TIME = datetime(2261, 12, 31, 23, 59, 50, 999999)
DEFAULT_QUEUE_WAIT_TIME = timedelta(milliseconds=100)

_running = threading.local()


class RunObserver:
    """Told of every csp.run (on any thread) while registered with add_run_observer.

    ``run_starting`` gets the engine before it runs, the graph and the seconds
    csp.run took to build it (None when it was built beforehand); it may return
    a function giving the run's statistics for ``csp.engine_stats``.
    ``run_finished`` is called after the run, also when it failed.
    """

    def run_starting(self, engine, built: "BuiltGraph", build_time: Optional[float]) -> Optional[Callable[[], dict]]:
        return None

    def run_finished(self, engine) -> None:
        pass


_observers: List[RunObserver] = []
_observers_lock = threading.Lock()


def add_run_observer(observer: RunObserver) -> None:
    with _observers_lock:
        _observers.append(observer)


def remove_run_observer(observer: RunObserver) -> None:
    with _observers_lock:
        if observer in _observers:
            _observers.remove(observer)


class BuiltGraph:
    """A graph built once by csp.build_graph, ready to be run."""

    def __init__(self, context: GraphContext) -> None:
        self.context = context


def add_graph_output(key, edge: Edge, tick_count: int = -1, tick_history: timedelta = timedelta()) -> None:
    """Records ``edge`` so that csp.run returns its ticks under ``key``."""
    if not isinstance(edge, Edge):
        raise TypeError(f"csp.add_graph_output expects an edge, got {type(edge).__name__}")
    if dynamic_basket_types(edge.tstype) is not None:
        raise TypeError(f"csp.add_graph_output({key!r}, ...) got a dynamic basket ({edge.tstype}), not a time series: "
                        "collect its ticks with csp.dynamic_collect")
    context = require_context("csp.add_graph_output")
    context.add_graph_output(key, GraphOutputInstance(key, edge, tick_count, tick_history), tick_count, tick_history)


def build_graph(f, *args, starttime: Optional[datetime] = None, endtime=None, realtime: bool = False,
                **kwargs) -> BuiltGraph:
    """Builds the description of ``f(*args, **kwargs)`` without running it.

    ``starttime`` and ``endtime`` (a datetime, or a timedelta after the start)
    are given both or neither; while ``f`` runs, ``csp.engine_start_time()``
    and ``csp.engine_end_time()`` return them (None when not given), and
    ``csp.is_configured_realtime()`` returns ``realtime``.
    """
    if (starttime is None) != (endtime is None):
        raise AssertionError("Start time and end time should either both be specified or none of them should be "
                             "specified when building a graph")
    context = GraphContext()
    if starttime is not None:
        context.start_time = to_utc_naive(starttime)
        context.end_time = context.start_time + endtime if isinstance(endtime, timedelta) else to_utc_naive(endtime)
    context.realtime = bool(realtime)
    with context:
        _collect_outputs(context, _call_graph(f, args, kwargs))
        context.instantiate_delayed_nodes()
    return BuiltGraph(context)


def _call_graph(g, args, kwargs):
    if isinstance(g, Edge):
        return g
    if callable(g):
        return g(*args, **kwargs)
    raise TypeError(f"csp.run expects a graph, node, function or edge, got {type(g).__name__}")


def _collect_outputs(context: GraphContext, result) -> None:
    """Graph return values become graph outputs: an edge is key 0, named outputs keep their names."""
    if result is None:
        return
    if isinstance(result, Edge):
        add_graph_output(0, result)
    elif isinstance(result, dict):
        for key, edge in result.items():
            _collect_output(key, edge)
    elif isinstance(result, (list, tuple)):
        for index, edge in enumerate(result):
            _collect_output(index, edge)
    else:
        raise TypeError(f"a graph returned {type(result).__name__}; expected an edge, a list or a dict of edges")


def _collect_output(key, value) -> None:
    if isinstance(value, Edge):
        add_graph_output(key, value)
    elif isinstance(value, (list, tuple)):  # a basket output
        for index, edge in enumerate(value):
            add_graph_output(f"{key}[{index}]", edge)
    elif isinstance(value, dict):
        for sub_key, edge in value.items():
            add_graph_output(f"{key}[{sub_key}]", edge)


def to_utc_naive(value: datetime) -> datetime:
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def run(g, *args, starttime: Optional[datetime] = None, endtime=MAX_END_TIME, queue_wait_time: Optional[timedelta] = None,
        realtime: bool = False, output_numpy: bool = False, progress: Optional[bool] = None,
        **kwargs) -> Dict[Any, Any]:
    """Builds and runs a graph; returns ``{key: [(datetime, value), ...]}`` for its outputs.

    ``progress``: show a progress bar of engine time (csp.impl.progress); by
    default shown for simulations when stderr is a terminal or in a notebook.
    """
    start = to_utc_naive(starttime) if starttime is not None else datetime.now(timezone.utc).replace(tzinfo=None)
    end = start + endtime if isinstance(endtime, timedelta) else to_utc_naive(endtime)
    build_began = time.perf_counter()
    built = g if isinstance(g, BuiltGraph) else build_graph(g, *args, starttime=start, endtime=end, realtime=realtime,
                                                            **kwargs)
    context = built.context

    engine = _native.Engine(realtime, queue_wait_time or DEFAULT_QUEUE_WAIT_TIME,
                            threading.current_thread() is threading.main_thread())
    builder = EngineBuilder(engine)
    builder.build(context.roots)
    builder.bind_feedbacks()
    build_time = None if isinstance(g, BuiltGraph) else time.perf_counter() - build_began

    on_engine = getattr(_running, "on_engine", None)
    if on_engine is not None:
        on_engine(engine)
    with _observers_lock:
        observers = list(_observers)
    raw = _run_observed(engine, built, build_time, observers, start, end, realtime, output_numpy, progress)
    shutdown_error = _take_shutdown_error(context, builder.adapter_managers.values())
    del engine, builder  # the engine holds adapters: keep it out of the traceback below
    if shutdown_error is not None:
        raise shutdown_error
    if not context.graph_outputs:
        return None  # as the reference: a graph without outputs returns None
    results = {}
    for key, (output, _, _) in context.graph_outputs.items():
        ticks = raw[output.native_key]
        results[key] = _as_numpy(ticks, output.value_type) if output_numpy else ticks
    return results


def _run_observed(engine, built, build_time, observers, start, end, realtime, output_numpy, progress):
    """engine.run with the engine current on this thread, observers told, a progress display if wanted.

    Every observer told of the start is told of the finish, whatever fails; an error of theirs or of the
    display does not hide the run's own."""
    told, stats_sources, display = [], [], None
    previous = getattr(_running, "engine", None), getattr(_running, "engine_stats", None)
    try:
        for observer in observers:
            stats_sources.append(observer.run_starting(engine, built, build_time))
            told.append(observer)
        if _progress.wanted(progress, realtime):
            display = _progress.attach(engine, start, end, realtime)
        _running.engine = engine
        _running.engine_stats = next((source for source in stats_sources if source is not None), None)
        return engine.run(start, end, output_numpy)
    finally:
        _running.engine, _running.engine_stats = previous
        if display is not None:
            display.close(engine)
        _tell_finished(told, engine)


def _tell_finished(observers, engine) -> None:
    error = None
    for observer in observers:
        try:
            observer.run_finished(engine)
        except Exception as failure:  # the others are told too
            error = error or failure
    if error is not None and sys.exc_info()[0] is None:
        raise error


def _take_shutdown_error(context: GraphContext, adapter_managers) -> Optional[BaseException]:
    """The error an adapter or adapter manager stopped the run with (``shutdown_engine``), if any."""
    for impl in [adapter.impl for adapter in context.push_adapters] + list(adapter_managers):
        error = getattr(impl, "_shutdown_error", None)
        if error is not None:
            impl._shutdown_error = None
            return error
    return None


def _as_numpy(raw, typ):
    """(datetime64[ns] times, values) from the engine's (int64 nanoseconds, values) pair."""
    times, values = raw
    times = times.view("datetime64[ns]")
    if typ is datetime:
        values = values.view("datetime64[ns]")
    elif typ is timedelta:
        values = values.view("timedelta64[ns]")
    elif isinstance(values, list):  # values held as Python objects: an object array, as the reference
        values = _object_array(values)
    return times, values


def _object_array(items) -> np.ndarray:
    result = np.empty(len(items), dtype=object)
    for index, item in enumerate(items):  # item by item: equal-shape arrays must not broadcast
        result[index] = item
    return result


# ---- the running engine, for functions called inside nodes

def running_engine(what: str):
    engine = getattr(_running, "engine", None)
    if engine is None:
        raise RuntimeError(f"{what} can only be called while a graph runs")
    return engine


GRAPH_INFO_UNAVAILABLE = "csp graph information is not available outside of csp.run"


def _graph_information(of_context, of_engine):
    """A fact about the run: from the graph being built if there is one, else from the running engine."""
    context = current_context()
    if context is not None:
        return of_context(context)
    engine = getattr(_running, "engine", None)
    if engine is None:
        raise RuntimeError(GRAPH_INFO_UNAVAILABLE)
    return of_engine(engine)


def engine_start_time() -> Optional[datetime]:
    """The run's start time: in a node, or while the graph is built (None in csp.build_graph without times)."""
    return _graph_information(lambda context: context.start_time, lambda engine: engine.start_time())


def engine_end_time() -> Optional[datetime]:
    """The run's end time: in a node, or while the graph is built (None in csp.build_graph without times)."""
    return _graph_information(lambda context: context.end_time, lambda engine: engine.end_time())


def now() -> datetime:
    return running_engine("csp.now").now()


def in_realtime() -> bool:
    return running_engine("csp.in_realtime").in_realtime()


def is_configured_realtime() -> bool:
    """Whether the run is realtime: in a node, or while the graph is built."""
    context = current_context()
    if context is not None:
        return context.realtime
    return running_engine("csp.is_configured_realtime").is_configured_realtime()


def engine_stats() -> dict:
    """Inside a node of a run under csp.profiler.Profiler: the run's statistics so far."""
    if getattr(_running, "engine", None) is None:
        raise RuntimeError("Unexpected use of csp.engine_stats, csp.engine_stats can only be used inside a node")
    source = getattr(_running, "engine_stats", None)
    if source is None:
        raise ValueError("Cannot profile a graph unless the graph is run in a profiler context.")
    return source()


def stop_engine_now(dynamic: bool = False) -> None:
    """Inside a node: finish the current cycle, then stop (with ``dynamic``, inside a csp.dynamic sub-graph: only it)."""
    running_engine("csp.stop_engine").request_stop(dynamic)


class GraphRunner:
    """A graph running on its own thread (csp.run_on_thread)."""

    def __init__(self, g, args, kwargs) -> None:
        self._results = None
        self._error: Optional[BaseException] = None
        self._lock = threading.Lock()
        self._engine = None
        self._stop_requested = False
        self._thread = threading.Thread(target=self._run, args=(g, args, kwargs), daemon=True)
        self._thread.start()

    def _run(self, g, args, kwargs) -> None:
        _running.on_engine = self._engine_created
        try:
            self._results = run(g, *args, **kwargs)
        except BaseException as error:  # handed to join()
            self._error = error
        finally:
            _running.on_engine = None
            with self._lock:
                self._engine = None

    def _engine_created(self, engine) -> None:
        with self._lock:
            self._engine = engine
            if self._stop_requested:
                engine.request_stop()

    def stop_engine(self) -> None:
        """Asks the graph to stop after its current cycle (any thread)."""
        with self._lock:
            self._stop_requested = True
            if self._engine is not None:
                self._engine.request_stop()

    def is_alive(self) -> bool:
        return self._thread.is_alive()

    def join(self, timeout: Optional[float] = None):
        """Waits for the run to end; returns its results or raises its error."""
        self._thread.join(timeout)
        if self._error is not None:
            raise self._error
        return self._results


def run_on_thread(g, *args, **kwargs) -> GraphRunner:
    """Runs ``csp.run(g, *args, **kwargs)`` on a new thread; returns its runner."""
    return GraphRunner(g, args, kwargs)


edge_operations.run = run
