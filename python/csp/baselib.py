"""The base library: sources, printing, and the everyday nodes.

Nodes with a C++ implementation (sample, merge, count, delay, ...) are wired
by name to the engine's built-ins; the others are small Python nodes.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, Dict, List, Optional, Set, TypeVar, Union

import numpy as np

from csp import _native
from csp.impl import node_language as _nl, pynodes, struct_nodes
from csp.impl.log_settings import LogSettings
from csp.impl.node_language import UNSET
from csp.impl.runtime import add_graph_output as _add_graph_output, stop_engine_now
from csp.impl.types import common_type, requires_cast, ts
from csp.impl.types.numpy_types import array_type_of_value
from csp.impl.wiring.builtins import builtin as _builtin, check_edge as _check_edge
from csp.impl.wiring.builtins import cast_int_to_float
from csp.impl.wiring.context import GraphContext, current_context
from csp.impl.wiring.decorators import node as _node
from csp.impl.wiring.edge import Edge, edge_operations
from csp.impl.wiring.instances import (DelayedInstance, FeedbackInstance, SourceInstance,
                                       native_of_tstype, value_type)
from csp.impl.wiring.memo import memoized_call as _memoized
from csp.impl.wiring.native_types import native_type

PushMode = _native.PushMode
T = TypeVar("T")


def normalize_type(typ):
    """A type as the API accepts it: ``[int]`` means List[int], ``{str: int}`` Dict[str, int]."""
    if isinstance(typ, list) and len(typ) == 1:
        return List[normalize_type(typ[0])]
    if isinstance(typ, dict) and len(typ) == 1:
        (key, value), = typ.items()
        return Dict[normalize_type(key), normalize_type(value)]
    return typ


def _value_tstype(value) -> Any:
    """The ts type of a constant: its Python type; List/Set/Dict[...] of the first item's types for
    non-empty lists, sets and dicts (see _value_type)."""
    if isinstance(value, list) and value:
        return ts[List[_value_type(value[0])]]
    if isinstance(value, set) and value:
        return ts[Set[_value_type(next(iter(value)))]]
    if isinstance(value, dict) and value:
        key, item = next(iter(value.items()))
        return ts[Dict[_value_type(key), _value_type(item)]]
    return ts[_value_type(value)]


def _value_type(value) -> Any:
    """The type of a constant: a numpy array's is Numpy1DArray[...] or NumpyNDArray[...]."""
    return array_type_of_value(value) if isinstance(value, np.ndarray) else type(value)


# ---------------------------------------------------------------- sources

class _Const:
    """csp.const(value, delay=timedelta(), push_mode=NON_COLLAPSING); csp.const.using(T=float)(1)."""

    def __init__(self, typ=None) -> None:
        self._typ = typ

    def using(self, T=None, **_):  # noqa: N803 - the API's type variable name
        return _Const(normalize_type(T))

    def __call__(self, value, delay: timedelta = timedelta(), push_mode: "PushMode" = PushMode.NON_COLLAPSING) -> Edge:
        tstype = ts[self._typ] if self._typ is not None else _value_tstype(value)
        if self._typ is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        native = native_of_tstype(tstype)
        mode = PushMode.NON_COLLAPSING  # one value: every mode ticks it once, as a plain value
        return _memoized(("const", tstype, value, delay),
                         lambda: SourceInstance("const", tstype,
                                                lambda engine: engine.add_const(native, value, delay, mode)).edge())


const = _Const()


def timer(interval: timedelta, value: Any = True, allow_deviation: bool = False) -> Edge:
    """Ticks ``value`` every ``interval``, starting one interval after the start."""
    if not isinstance(interval, timedelta) or interval <= timedelta():
        raise ValueError(f"csp.timer interval must be a positive timedelta, got {interval!r}")
    tstype = ts[type(value)]
    native = native_of_tstype(tstype)
    return _memoized(("timer", interval, value),
                     lambda: SourceInstance("timer", tstype, lambda engine: engine.add_timer(native, interval, value)).edge())


def curve(typ, data, push_mode: "PushMode" = PushMode.NON_COLLAPSING) -> Edge:
    """Ticks recorded data: a list of (datetime or timedelta, value), or a (times, values) pair of arrays."""
    typ = normalize_type(typ)
    if _is_numpy_pair(data) and np.issubdtype(data[0].dtype, np.datetime64) and push_mode != PushMode.BURST:
        return _numpy_curve(typ, data[0], data[1], push_mode)
    times, values = _curve_columns(data)
    if push_mode == PushMode.BURST:  # one tick per time, carrying every value of that time
        times, values = _group_by_time(times, values)
        typ, push_mode = List[typ], PushMode.NON_COLLAPSING
    native = native_type(typ)
    if typ is float:
        values = [float(v) for v in values]
    return SourceInstance("curve", ts[typ], lambda engine: engine.add_curve(native, times, values, push_mode)).edge()


_NUMPY_DTYPES = {int: np.int64, float: np.float64, bool: np.bool_}


def _is_numpy_pair(data) -> bool:
    return isinstance(data, tuple) and len(data) == 2 and isinstance(data[0], np.ndarray)


def _numpy_curve(typ, times, values, push_mode) -> Edge:
    """A curve read by the engine straight from numpy buffers (no Python object per row)."""
    times_ns = np.ascontiguousarray(times.astype("datetime64[ns]").view(np.int64))
    dtype = _NUMPY_DTYPES.get(typ)
    values = np.ascontiguousarray(values, dtype=dtype) if dtype is not None else list(values)
    native = native_type(typ)
    return SourceInstance("curve", ts[typ],
                          lambda engine: engine.add_curve_arrays(native, times_ns, values, push_mode)).edge()


def _curve_columns(data):
    if _is_numpy_pair(data):
        raw_times, raw_values = data
        times = [_to_datetime(t) for t in raw_times.astype("datetime64[us]").tolist()] \
            if np.issubdtype(raw_times.dtype, np.datetime64) else list(raw_times)
        return times, raw_values.tolist()
    times = [t for t, _ in data]
    values = [v for _, v in data]
    return times, values


def _group_by_time(times, values):
    grouped_times, grouped_values = [], []
    for time, value in zip(times, values):
        if grouped_times and grouped_times[-1] == time:
            grouped_values[-1].append(value)
        else:
            grouped_times.append(time)
            grouped_values.append([value])
    return grouped_times, grouped_values


def _to_datetime(value):
    return value if isinstance(value, (datetime, timedelta)) else datetime.fromisoformat(str(value))


def null_ts(typ) -> Edge:
    """A time series of ``typ`` that never ticks."""
    typ = normalize_type(typ)
    native = native_type(typ)
    return SourceInstance("null_ts", ts[typ], lambda engine: engine.add_null(native)).edge()


# ---------------------------------------------------------------- output and debugging

def print(tag: str, x: Edge) -> None:  # noqa: A001 - the API's name
    """Prints ``"<engine time> <tag>:<value>"`` on every tick of x.

    For a basket (a list or dict of edges), shows the elements that ticked:
    ``[1,,3]`` for a list, ``{'a': 1}`` for a dict.
    """
    if isinstance(x, (list, tuple)):
        pynodes.python_node("print", pynodes.print_list_basket_impl, [[_check_edge(e, "csp.print", "x") for e in x]],
                            scalars=(tag,))
    elif isinstance(x, dict):
        pynodes.python_node("print", pynodes.print_dict_basket_impl, [x], scalars=(tag,))
    else:
        pynodes.python_node("print", pynodes.print_impl, [_check_edge(x, "csp.print", "x")], scalars=(tag,))


def log(level: int, tag: str, x, logger: Optional[logging.Logger] = None, logger_tz: object = None,
        use_thread: bool = False) -> None:
    """Logs ``"<engine time> <tag>:<value>"`` at ``level`` on every tick of x.

    The logger and time zone default to ``csp.LogSettings.get_instance()``'s
    (logger "csp", naive UTC times). ``use_thread`` is accepted; entries are
    logged on the engine thread.
    """
    settings = LogSettings.get_instance()
    logger = logger or settings.logger
    tz = logger_tz if logger_tz is not None else settings.logging_tz
    if isinstance(x, (list, tuple)):
        x = [_check_edge(e, "csp.log", "x") for e in x]
        pynodes.python_node("log", pynodes.log_basket_impl, [x],
                            scalars=(logger, level, tag, tz, pynodes.list_basket_text))
    elif isinstance(x, dict):
        x = {k: _check_edge(e, "csp.log", "x") for k, e in x.items()}
        pynodes.python_node("log", pynodes.log_basket_impl, [x],
                            scalars=(logger, level, tag, tz, pynodes.dict_basket_text))
    else:
        _check_edge(x, "csp.log", "x")
        pynodes.python_node("log", pynodes.log_impl, [x], scalars=(logger, level, tag, tz))


def add_graph_output(key, x: Edge, tick_count: int = -1, tick_history: timedelta = timedelta()) -> None:
    _add_graph_output(key, x, tick_count, tick_history)


# ---------------------------------------------------------------- transformations

def apply(x: Edge, f, result_type) -> Edge:
    """``f(value)`` on every tick of x, as a time series of ``result_type``."""
    _check_edge(x, "csp.apply", "x")
    return pynodes.python_node("apply", pynodes.apply_impl, [x], [ts[normalize_type(result_type)]], scalars=(f,))


def sample(trigger: Edge, x: Edge) -> Edge:
    """x's value on every tick of trigger (once x is valid)."""
    return _builtin("sample", [_check_edge(trigger, "csp.sample", "trigger"), _check_edge(x, "csp.sample", "x")],
                    [x.tstype])


def firstN(x: Edge, N: int) -> Edge:  # noqa: N802, N803 - the API's names
    return _builtin("firstN", [_check_edge(x, "csp.firstN", "x")], [x.tstype], (int(N),))


def count(x: Edge) -> Edge:
    return _builtin("count", [_check_edge(x, "csp.count", "x")], [ts[int]])


def delay(x: Edge, delay: Union[timedelta, int]) -> Edge:
    """x's ticks re-emitted ``delay`` later (a timedelta), or the value ``delay`` ticks ago (an int)."""
    _check_edge(x, "csp.delay", "x")
    if isinstance(delay, timedelta):
        return _builtin("delay_time", [x], [x.tstype], (delay,))
    return _builtin("delay_ticks", [x], [x.tstype], (int(delay),))


def diff(x: Edge, lag: Union[timedelta, int]) -> Edge:
    """x minus its value ``lag`` ticks (int) or ``lag`` time (timedelta) ago."""
    _check_edge(x, "csp.diff", "x")
    impl = pynodes.diff_time_impl if isinstance(lag, timedelta) else pynodes.diff_ticks_impl
    return pynodes.python_node("diff", impl, [x], [x.tstype], scalars=(lag,))


def merge(x: Edge, y: Edge) -> Edge:
    """x when x ticks, else y (x wins when both tick); ts of the type both fit (int and float: float)."""
    x, y = _check_edge(x, "csp.merge", "x"), _check_edge(y, "csp.merge", "y")
    x_type, y_type = value_type(x.tstype), value_type(y.tstype)
    common = common_type(x_type, y_type)
    if common is None:
        raise TypeError(f"csp.merge: x is ts[{_type_name(x_type)}] and y is ts[{_type_name(y_type)}], "
                        "which have no common type")
    x, y = (cast_int_to_float(e) if requires_cast(t, common) else e for e, t in ((x, x_type), (y, y_type)))
    return _builtin("merge", [x, y], [ts[common]])


def _type_name(typ) -> str:
    return getattr(typ, "__name__", None) or str(typ)


class _SplitOutputs:
    """The two outputs of csp.split: ``.false`` and ``.true``."""

    def __init__(self, false: Edge, true: Edge) -> None:
        self.false = false
        self.true = true

    def __iter__(self):
        return iter((self.false, self.true))

    def __getitem__(self, key):
        return {"false": self.false, "true": self.true, 0: self.false, 1: self.true}[key]


def split(flag: Edge, x: Edge) -> _SplitOutputs:
    false, true = _builtin("split", [_check_edge(flag, "csp.split", "flag"), _check_edge(x, "csp.split", "x")],
                           [x.tstype, x.tstype])
    return _SplitOutputs(false, true)


def filter(flag: Edge, x: Edge) -> Edge:  # noqa: A001 - the API's name
    return _builtin("filter", [_check_edge(flag, "csp.filter", "flag"), _check_edge(x, "csp.filter", "x")], [x.tstype])


def drop_dups(x: Edge, eps: Optional[float] = None) -> Edge:
    return _builtin("drop_dups", [_check_edge(x, "csp.drop_dups", "x")], [x.tstype], (eps,))


def drop_nans(x: Edge) -> Edge:
    return _builtin("drop_nans", [_check_edge(x, "csp.drop_nans", "x")], [x.tstype])


def _element_type(list_type):
    args = getattr(list_type, "__args__", None)
    return args[0] if args else object


def unroll(x: Edge) -> Edge:
    """Each element of each list: the first in this cycle, the rest in the following cycles at the same time."""
    _check_edge(x, "csp.unroll", "x")
    element = _element_type(value_type(x.tstype))
    return _builtin("unroll", [x], [ts[element]], template_type=ts[element])


def collect(x: List[Edge]) -> Edge:
    """The values of the elements of ``x`` that ticked this cycle, as a list."""
    edges = [_check_edge(e, "csp.collect", "x") for e in x]
    element = object
    if edges:
        types = [value_type(e.tstype) for e in edges]
        element = _common_element_type("csp.collect", types)
        edges = [cast_int_to_float(e) if requires_cast(t, element) else e for e, t in zip(edges, types)]
    return _builtin("collect", edges, [ts[List[element]]], template_type=ts[element])


def _common_element_type(node: str, types):
    """The type every one of ``types`` fits (int and float: float); a TypeError naming ``node`` if none."""
    common = types[0]
    for typ in types[1:]:
        widened = common_type(common, typ)
        if widened is None:
            raise TypeError(f"{node}: the elements' types {_type_name(common)} and {_type_name(typ)} "
                            "have no common type")
        common = widened
    return common


def flatten(x: List[Edge]) -> Edge:
    """Every tick of every element of ``x``, one per cycle: unroll(collect(x))."""
    return unroll(collect(x))


def gate(x: Edge, release: Edge, release_on_tick: bool = False) -> Edge:
    """Holds x's ticks while ``release`` is false; releases them as a list when it is true."""
    return pynodes.python_node("gate", pynodes.gate_impl, [x, release], [ts[List[value_type(x.tstype)]]],
                               scalars=(release_on_tick,))


def default(x: Edge, default: Any, delay: timedelta = timedelta()) -> Edge:
    """x, or ``default`` at start + delay if x has not ticked by then."""
    return _builtin("default", [_check_edge(x, "csp.default", "x")], [x.tstype], (default, delay))


def accum(x: Edge, start: Any = 0) -> Edge:
    """The running sum of x, from ``start``."""
    return pynodes.python_node("accum", pynodes.accum_impl, [_check_edge(x, "csp.accum", "x")], [x.tstype],
                               scalars=(start,))


def times(x: Edge) -> Edge:
    return _builtin("times", [_check_edge(x, "csp.times", "x")], [ts[datetime]])


def times_ns(x: Edge) -> Edge:
    return _builtin("times_ns", [_check_edge(x, "csp.times_ns", "x")], [ts[int]])


def stop_engine(x: Edge, dynamic: bool = False) -> None:
    """Stops the engine (after the current cycle) when x ticks; with ``dynamic``, inside a csp.dynamic
    sub-graph, only that sub-graph instance."""
    pynodes.python_node("stop_engine", _stop_engine_impl, [_check_edge(x, "csp.stop_engine", "x")],
                        scalars=(bool(dynamic),))


def _stop_engine_impl(v, up, tk, ctx, dynamic):
    while True:
        yield UNSET
        stop_engine_now(dynamic)


def static_cast(x: Edge, typ) -> Edge:
    """The same time series, declared as ``typ``, a subclass of its type (no node, no run-time check)."""
    current = value_type(x.tstype)
    if not (isinstance(current, type) and isinstance(typ, type) and issubclass(typ, current)):
        raise TypeError(f"Unable to csp.static_cast edge of type {getattr(current, '__name__', current)} "
                        f"to {getattr(typ, '__name__', typ)}")
    return Edge(ts[typ], x.node, x.output_index)


def dynamic_cast(x: Edge, typ) -> Edge:
    """x's values, checked at run time to be instances of ``typ``."""
    return pynodes.python_node("dynamic_cast", pynodes.dynamic_cast_impl, [x], [ts[typ]], scalars=(typ,))


def schedule_on_engine_stop(f) -> None:
    """Calls ``f()`` when the engine stops."""
    pynodes.python_node("schedule_on_engine_stop", pynodes.on_stop_impl, [], scalars=(f,))


def demultiplex(x: Edge, key: Edge, keys: List[Any], raise_on_bad_key: bool = False) -> Dict[Any, Edge]:
    """Routes each tick of x to the output of the current value of ``key``."""
    edges = pynodes.python_node("demultiplex", pynodes.demultiplex_impl, [x, key], [x.tstype] * len(keys),
                                scalars=(list(keys), raise_on_bad_key))
    edges = [edges] if isinstance(edges, Edge) else edges
    return dict(zip(keys, edges))


def multiplex(x: Dict[Any, Edge], key: Edge, tick_on_index: bool = False, raise_on_bad_key: bool = False) -> Edge:
    """The element of ``x`` selected by the current value of ``key``."""
    element_type = next(iter(x.values())).tstype
    return pynodes.python_node("multiplex", pynodes.multiplex_impl, [dict(x), key], [element_type],
                               scalars=(tick_on_index, raise_on_bad_key))


# ---------------------------------------------------------------- feedback and delayed binding

class FeedbackOutputDef:
    """csp.feedback(T): ``out()`` is usable at once; ``bind(edge)`` exactly once."""

    def __init__(self, typ) -> None:
        self._instance = FeedbackInstance(ts[typ])

    def out(self) -> Edge:
        return self._instance.edge()

    def bind(self, x: Edge) -> None:
        if self._instance.bound is not None:
            raise RuntimeError("csp.feedback is already bound")
        self._instance.bound = _check_edge(x, "feedback.bind", "x")


def feedback(typ) -> FeedbackOutputDef:
    return FeedbackOutputDef(typ)


class DelayedEdge(Edge):
    """An edge whose producer is bound later: ``csp.DelayedEdge(ts[T], default_to_null=False)``."""

    def __init__(self, tstype, default_to_null: bool = False) -> None:
        super().__init__(tstype, DelayedInstance(tstype, default_to_null), 0)

    def bind(self, x: Edge) -> None:
        if self.node.bound is not None:
            raise RuntimeError("a DelayedEdge is bound only once")
        self.node.bound = _check_edge(x, "DelayedEdge.bind", "x")

    def is_bound(self) -> bool:
        return self.node.bound is not None


def wrap_feedback(i: Edge) -> Edge:
    """``i`` seen through a feedback: the same ticks, one engine cycle later at the same time.

    Lets ``i`` feed nodes wired before its producer is complete (loops through delayed nodes).
    """
    loop = feedback(value_type(_check_edge(i, "csp.wrap_feedback", "i").tstype))
    loop.bind(i)
    return loop.out()


# ---------------------------------------------------------------- structs

def struct_field(x: Edge, field: str, fieldType) -> Edge:  # noqa: N803 - the API's name
    """The field ``field`` of ``ts[Struct]`` x, as ``ts[fieldType]`` (the field's own type, or float for an
    int field); ticks when x ticks with the field set."""
    _check_edge(x, "csp.struct_field", "x")
    edge = struct_nodes.struct_field(x, field)
    field_type, wanted = value_type(edge.tstype), normalize_type(fieldType)
    if wanted is None or wanted == field_type:
        return edge
    if requires_cast(field_type, wanted):
        return cast_int_to_float(edge)
    raise TypeError(f"csp.struct_field: field {field!r} of {value_type(x.tstype).__name__} is "
                    f"{_type_name(field_type)}, not {_type_name(wanted)}")


def struct_fromts(cls, inputs: Dict[str, Edge], trigger: Optional[Edge] = None) -> Edge:
    """``cls.fromts(trigger, **inputs)``: a struct of every valid input, on each tick (or on trigger)."""
    return struct_nodes.struct_fromts(cls, trigger, dict(inputs))


def struct_collectts(cls, inputs: Dict[str, Edge]) -> Edge:
    """``cls.collectts(**inputs)``: a struct of the inputs that ticked this cycle."""
    return struct_nodes.struct_collectts(cls, dict(inputs))


def get_basket_field(dict_basket: Dict[Any, Edge], field_name: str) -> Dict[Any, Edge]:
    """``{key: edge.<field_name>}`` for a dict basket of struct time series."""
    if not isinstance(dict_basket, dict):
        raise TypeError(f"csp.get_basket_field: argument 'dict_basket' expects a dict of edges, "
                        f"got {type(dict_basket).__name__}")
    return {key: struct_nodes.struct_field(_check_edge(edge, "csp.get_basket_field", "dict_basket"), field_name)
            for key, edge in dict_basket.items()}


# ---------------------------------------------------------------- delayed nodes
#
# Wired when the graph function returns, from requests made while it ran.
#
# * ``DelayedCollect(ts_type, default_to_null=False)``: ``output()`` is a
#   ``ts[List[ts_type]]`` usable at once; ``add_input(x)`` may be called from
#   anywhere in the graph. When the graph function returns, the inputs are
#   collected with ``csp.collect`` into that output. With no input, the output
#   never ticks if ``default_to_null``, else building fails ("Encountered
#   unbound DelayedEdge").
# * ``DelayedDemultiplex(x, key, raise_on_bad_key=False)``: ``demultiplex(k)``
#   returns the edge of key ``k`` (the same edge for the same key); when the
#   graph function returns, one ``csp.demultiplex`` over the requested keys is
#   wired. Ticks for keys nobody requested are dropped, or raise ValueError if
#   ``raise_on_bad_key``.
#
# Both must be created while a graph is being built.


def _graph_being_built() -> GraphContext:
    context = current_context()
    if context is None:
        raise RuntimeError("Delayed node must be created under a wiring context (while a graph is being built)")
    return context


class DelayedCollect:
    """Collects inputs added anywhere in the graph into one ``ts[List[T]]`` (see the module docstring)."""

    def __init__(self, ts_type, default_to_null: bool = False) -> None:
        self._type = normalize_type(ts_type)
        self._inputs: List[Edge] = []
        self._output = DelayedEdge(ts[List[self._type]], default_to_null=default_to_null)
        _graph_being_built().delayed_nodes.append(self)

    def add_input(self, x: Edge) -> None:
        """Adds ``x`` (a ``ts[T]``) to the collected inputs."""
        self._inputs.append(_check_edge(x, "DelayedCollect.add_input", "x"))

    def output(self) -> Edge:
        """returns collected inputs as ts[ List[ input_ts_type] ]"""
        return self._output

    def _instantiate(self) -> None:
        if self._inputs:
            self._output.bind(collect(self._inputs))


class DelayedDemultiplex:
    """Demultiplexes ``x`` by ``key`` onto the keys requested while the graph is built."""

    def __init__(self, x: Edge, key: Edge, raise_on_bad_key: bool = False) -> None:
        self._x = _check_edge(x, "csp.DelayedDemultiplex", "x")
        self._key = _check_edge(key, "csp.DelayedDemultiplex", "key")
        self._raise_on_bad_key = raise_on_bad_key
        self._outputs: Dict[Any, DelayedEdge] = {}
        _graph_being_built().delayed_nodes.append(self)

    def demultiplex(self, key) -> Edge:
        """The ticks of x while the key series is ``key`` (one edge per key)."""
        if key not in self._outputs:
            self._outputs[key] = DelayedEdge(ts[value_type(self._x.tstype)])
        return self._outputs[key]

    def _instantiate(self) -> None:
        if not self._outputs:
            return
        keys = list(self._outputs)
        edges = demultiplex(self._x, self._key, keys, raise_on_bad_key=self._raise_on_bad_key)
        for key in keys:
            self._outputs[key].bind(edges[key])


edge_operations.apply = apply


# ---------------------------------------------------------------- dynamic baskets


@_node
def dynamic_demultiplex(x: ts["T"], key: ts["K"]) -> {ts["K"]: ts["T"]}:
    """A dynamic basket: each tick of ``x`` on the key ``key`` has then (a new key is added)."""
    with _nl.start():
        _nl.make_passive(key)
    if _nl.ticked(x) and _nl.valid(key):
        return {key: x}


@_node
def dynamic_collect(data: {ts["K"]: ts["V"]}) -> ts[Dict["K", "V"]]:
    """The elements of the dynamic basket ``data`` that ticked in a cycle, as one dict."""
    if _nl.ticked(data):
        return dict(data.tickeditems())
