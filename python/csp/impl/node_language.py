"""The node language: the ``csp.*`` functions users call inside ``@csp.node``.

None of these functions does anything at run time. The node compiler
(``csp.impl.node_parser``) recognises calls to them in a node body and
rewrites each call into an access to the engine (see
``docs/python_internals.md``). Called anywhere else they raise
``RuntimeError``.

The compiler recognises a call by resolving the called expression to an
object and looking it up with :func:`marker_name`. Code that wraps one of
these functions (for example a graph-level ``csp.now`` that also works
outside nodes) keeps it recognised inside nodes by calling
:func:`register_alias`.

This module also defines :data:`UNSET`, the value of an input or alarm that
has not ticked yet and of a node execution that produced no output.
"""

from datetime import datetime, timedelta
from typing import Any, Callable, Dict, Optional, Union

from csp.impl.wiring.outputs import NodeOutputs

__all__ = [
    "UNSET",
    "alarm",
    "alarms",
    "cancel_alarm",
    "item_at",
    "items_at",
    "make_active",
    "make_passive",
    "marker_name",
    "now",
    "num_ticks",
    "output",
    "register_alias",
    "remove_dynamic_key",
    "reschedule_alarm",
    "schedule_alarm",
    "set_buffering_policy",
    "start",
    "state",
    "stop",
    "ticked",
    "time_at",
    "times_at",
    "valid",
    "value_at",
    "values_at",
]


class _UnsetType:
    """Type of the :data:`UNSET` singleton (there is exactly one instance)."""

    _instance: Optional["_UnsetType"] = None

    def __new__(cls) -> "_UnsetType":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __reduce__(self) -> str:
        return "UNSET"


UNSET = _UnsetType()
"""Sentinel: "no value". Compare with ``is``."""

_MARKERS: Dict[Callable[..., Any], str] = {}


def _marker(func: Callable[..., Any]) -> Callable[..., Any]:
    """Register ``func`` as the node-language function named ``func.__name__``."""
    _MARKERS[func] = func.__name__
    return func


def _outside_node(name: str) -> RuntimeError:
    return RuntimeError(f"csp.{name} can only be used inside a csp.node")


def marker_name(obj: Any) -> Optional[str]:
    """The node-language name (``"ticked"``, ``"output"``...) of ``obj``, or ``None``.

    ``obj`` is recognised if it is one of this module's functions or an alias
    registered with :func:`register_alias`. Unhashable objects are never
    markers.
    """
    try:
        return _MARKERS.get(obj)
    except TypeError:
        return None


def register_alias(obj: Callable[..., Any], name: str) -> None:
    """Make calls to ``obj`` inside nodes compile like calls to ``csp.<name>``.

    Raises ``ValueError`` if ``name`` is not a node-language function.
    """
    if name not in _MARKERS.values():
        raise ValueError(f"{name!r} is not a node-language function")
    _MARKERS[obj] = name


# ----------------------------------------------------------------- inputs


@_marker
def ticked(*inputs: Any) -> bool:
    """True if any of ``inputs`` (inputs, baskets, basket elements, alarms) ticked in this cycle."""
    raise _outside_node("ticked")


@_marker
def valid(*inputs: Any) -> bool:
    """True if all of ``inputs`` have ticked at least once (a basket: all its elements)."""
    raise _outside_node("valid")


@_marker
def make_passive(input: Any) -> None:
    """Stop ``input`` from triggering the node; its value keeps updating."""
    raise _outside_node("make_passive")


@_marker
def make_active(input: Any) -> None:
    """Let ``input`` trigger the node again after :func:`make_passive`."""
    raise _outside_node("make_active")


# ---------------------------------------------------------------- outputs


@_marker
def output(*args: Any, **kwargs: Any) -> Any:
    """Inside a node, tick outputs: ``output(v)``, ``output(name, v)``, ``output(name=v, ...)``.

    In a graph, ``return csp.output(name=edge, ...)`` returns the graph's
    named outputs (``csp.output(edge)``: its single output).
    """
    if args and not kwargs:
        if len(args) == 1:
            return args[0]
        if len(args) == 2 and isinstance(args[0], str):
            return NodeOutputs({args[0]: args[1]})
    if kwargs and not args:
        return NodeOutputs(kwargs)
    raise _outside_node("output")


@_marker
def remove_dynamic_key(*args: Any) -> None:
    """``csp.remove_dynamic_key(key)`` / ``(output_name, key)``: removes a key from a dynamic basket output."""
    raise _outside_node("remove_dynamic_key")


# ------------------------------------------------------------------ time


@_marker
def now() -> datetime:
    """The engine time of the current cycle."""
    raise _outside_node("now")


# ---------------------------------------------------------------- alarms


@_marker
def alarm(typ: Any) -> Any:
    """Declare an alarm of value type ``typ`` (only inside ``with csp.alarms():``)."""
    raise _outside_node("alarm")


@_marker
def schedule_alarm(alarm: Any, when: Union[datetime, timedelta], value: Any) -> Any:
    """Schedule ``alarm`` to tick ``value`` at ``when``; returns a handle."""
    raise _outside_node("schedule_alarm")


@_marker
def cancel_alarm(alarm: Any, handle: Any) -> None:
    """Cancel a scheduled alarm event given its handle."""
    raise _outside_node("cancel_alarm")


@_marker
def reschedule_alarm(alarm: Any, handle: Any, when: Union[datetime, timedelta]) -> Any:
    """Move a scheduled alarm event to ``when``; returns the new handle."""
    raise _outside_node("reschedule_alarm")


# --------------------------------------------------------------- history


@_marker
def num_ticks(input: Any) -> int:
    """Number of ticks of ``input`` held in its history buffer."""
    raise _outside_node("num_ticks")


@_marker
def value_at(input: Any, index_or_time: Any = 0, duplicate_policy: Any = None, default: Any = UNSET) -> Any:
    """Value of ``input`` at a tick index (0 = latest, -1 = previous...) or time.

    Without ``default``, asking beyond the available history raises.
    """
    raise _outside_node("value_at")


@_marker
def time_at(input: Any, index_or_time: Any = 0, duplicate_policy: Any = None, default: Any = UNSET) -> datetime:
    """Time of ``input``'s tick at an index or time."""
    raise _outside_node("time_at")


@_marker
def item_at(input: Any, index_or_time: Any = 0, duplicate_policy: Any = None, default: Any = UNSET) -> Any:
    """``(time, value)`` of ``input``'s tick at an index or time."""
    raise _outside_node("item_at")


@_marker
def values_at(
    input: Any,
    start_index_or_time: Any = None,
    end_index_or_time: Any = None,
    start_index_policy: Any = None,
    end_index_policy: Any = None,
) -> Any:
    """Values of ``input`` between two indices or times (``None``: the whole buffer; policies default to inclusive)."""
    raise _outside_node("values_at")


@_marker
def times_at(
    input: Any,
    start_index_or_time: Any = None,
    end_index_or_time: Any = None,
    start_index_policy: Any = None,
    end_index_policy: Any = None,
) -> Any:
    """Times of ``input``'s ticks between two indices or times."""
    raise _outside_node("times_at")


@_marker
def items_at(
    input: Any,
    start_index_or_time: Any = None,
    end_index_or_time: Any = None,
    start_index_policy: Any = None,
    end_index_policy: Any = None,
) -> Any:
    """``(times, values)`` of ``input`` between two indices or times."""
    raise _outside_node("items_at")


@_marker
def set_buffering_policy(input: Any, tick_count: Optional[int] = None, tick_history: Optional[timedelta] = None) -> None:
    """Keep at least ``tick_count`` ticks and/or ``tick_history`` of history for ``input``."""
    raise _outside_node("set_buffering_policy")


# ---------------------------------------------------------- body blocks


@_marker
def alarms() -> Any:
    """``with csp.alarms():`` declares the node's alarms (``name = csp.alarm(T)``)."""
    raise _outside_node("alarms")


@_marker
def state() -> Any:
    """``with csp.state():`` initialises the node's state when the node starts."""
    raise _outside_node("state")


@_marker
def start() -> Any:
    """``with csp.start():`` runs once when the engine starts, after the state block."""
    raise _outside_node("start")


@_marker
def stop() -> Any:
    """``with csp.stop():`` runs once when the engine stops."""
    raise _outside_node("stop")
