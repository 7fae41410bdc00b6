"""Graph-time struct helpers: ``Struct.fromts``, ``Struct.collectts`` and ``edge.field``.

* ``S.fromts(trigger=None, **edges)``: a ``ts[S]`` that ticks whenever one
  of ``edges`` ticks (or only when ``trigger`` ticks, if given), with every
  field whose edge is valid set to that edge's current value (fields
  without a value keep their defaults).
* ``S.collectts(**edges)``: a ``ts[S]`` that ticks when one of ``edges``
  ticks, with only the fields whose edges ticked in this cycle.
* ``edge.field`` on a ``ts[S]`` edge: a ``ts[field type]`` ticking the field's
  value whenever the edge ticks with that field set (no tick when unset).

Wiring checks that every keyword names a field and that each edge's type
fits the field (``ValueError`` / ``TypeError``). For a strict struct, a tick
that would leave fields unset raises ``ValueError`` naming them.
"""

from __future__ import annotations

import typing
from typing import Any, Dict, Optional

from csp.impl.node_language import UNSET
from csp.impl.pynodes import python_node
from csp.impl.struct import _UNSET as NO_DEFAULT, struct_operations
from csp.impl.struct_fields import FieldType
from csp.impl.types import ts
from csp.impl.wiring.builtins import builtin as _builtin
from csp.impl.wiring.edge import Edge, edge_operations
from csp.impl.wiring.memo import memoized_call as _memoized

__all__ = ["struct_collectts", "struct_field", "struct_fromts"]


def _value_type(edge: Edge) -> Any:
    return getattr(edge.tstype, "typ", edge.tstype)


def _fits(ftype: FieldType, typ: Any) -> bool:
    """True if values of edge type ``typ`` can be stored in a field of type ``ftype``."""
    if ftype.kind == "object" or typ is object or typ is typing.Any or isinstance(typ, str):
        return True
    if ftype.kind == "list":
        if typing.get_origin(typ) is not list:
            return typ is list
        args = typing.get_args(typ)
        return not args or _fits(ftype.elem, args[0])
    origin = typing.get_origin(typ) or typ
    return isinstance(origin, type) and issubclass(origin, ftype.py_type) and not (
        ftype.kind == "int" and origin is bool)


def _type_label(typ: Any) -> str:
    return getattr(typ, "__name__", None) or repr(typ)


def _checked_inputs(cls, method: str, edges: Dict[str, Any]):
    names, inputs = [], []
    for name, edge in edges.items():
        spec = cls._csp_fields.get(name)
        if spec is None:
            raise ValueError(f'{cls.__name__}.{method}() received unknown struct field "{name}"')
        if not isinstance(edge, Edge):
            raise TypeError(f'{cls.__name__}.{method}() field "{name}" expects a time series (an edge), '
                            f"got {type(edge).__name__}")
        if not _fits(spec.type, _value_type(edge)):
            raise TypeError(f'{cls.__name__}.{method}() field "{name}" expected ts type '
                            f"{_type_label(spec.type.annotation)} but got {_type_label(_value_type(edge))}")
        names.append(name)
        inputs.append(edge)
    return tuple(names), inputs


def _required(cls) -> tuple:
    """Fields a strict struct needs from its edges: those without a default."""
    if not cls._csp_strict:
        return ()
    return tuple(name for name, spec in cls._csp_fields.items() if spec.default is NO_DEFAULT)


def _missing_error(cls, missing) -> ValueError:
    return ValueError(f"Struct {cls.__name__} is not valid; required fields [{', '.join(missing)}] did not tick")


def struct_fromts(cls, trigger: Optional[Edge], edges: Dict[str, Any]) -> Edge:
    names, inputs = _checked_inputs(cls, "fromts", edges)
    if trigger is not None and not isinstance(trigger, Edge):
        raise TypeError(f"{cls.__name__}.fromts() trigger must be a time series (an edge), got {type(trigger).__name__}")
    all_inputs = ([trigger] if trigger is not None else []) + inputs
    # inputs that are not the trigger itself are passive: only the trigger makes the struct tick
    passive = tuple(slot for slot, edge in enumerate(inputs, 1) if edge is not trigger) if trigger is not None else ()
    scalars = (cls, names, trigger is not None, _required(cls), passive)
    return _memoized(("struct_fromts", cls, trigger, names, inputs),
                     lambda: python_node("struct_fromts", _fromts_impl, all_inputs, [ts[cls]], scalars=scalars))


def struct_collectts(cls, edges: Dict[str, Any]) -> Edge:
    names, inputs = _checked_inputs(cls, "collectts", edges)
    scalars = (cls, names, _required(cls))
    return _memoized(("struct_collectts", cls, names, inputs),
                     lambda: python_node("struct_collectts", _collectts_impl, inputs, [ts[cls]], scalars=scalars))


def struct_field(edge: Edge, name: str) -> Edge:
    """``edge.name`` for a ``ts[S]`` edge: the field as a time series. Raises AttributeError if S lacks it."""
    cls = _value_type(edge)
    spec = cls._csp_fields.get(name)
    if spec is None:
        raise AttributeError(f"'{cls.__name__}' object has no attribute '{name}'")
    # typing.Any passes isinstance(..., type) on Python 3.11 but cannot be checked against: use object
    value_type = object if spec.type.annotation is typing.Any else spec.type.annotation
    return _builtin("struct_field", [edge], [ts[value_type]], args=(cls, name))


# ---------------------------------------------------------------- node bodies (engine generators)

def _fromts_impl(v, up, tk, ctx, cls, names, triggered, required, passive):
    offset = 1 if triggered else 0
    slots = list(enumerate(names, offset))
    for slot in passive:
        ctx.make_passive(slot)
    trigger_fields = [slot for slot in range(1, len(names) + 1) if triggered and slot not in passive]
    if trigger_fields:
        # A trigger that is also a field input is made passive and active again, as in the reference:
        # this node then runs after the trigger's other consumers of its rank.
        for slot in [0, *trigger_fields]:
            ctx.make_passive(slot)
        for slot in [0, *trigger_fields]:
            ctx.make_active(slot)
    out = UNSET
    while True:
        yield out
        out = UNSET
        if triggered and not tk[0]:
            continue
        values = {name: v[slot] for slot, name in slots if v[slot] is not UNSET}
        if required:
            missing = [name for name in required if name not in values]
            if missing:
                raise _missing_error(cls, missing)
        out = cls(**values)


def _collectts_impl(v, up, tk, ctx, cls, names, required):
    slots = list(enumerate(names))
    out = UNSET
    while True:
        yield out
        values = {name: v[slot] for slot, name in slots if tk[slot]}
        if required:
            missing = [name for name in required if name not in values]
            if missing:
                raise _missing_error(cls, missing)
        out = cls(**values)


edge_operations.struct_field = struct_field
struct_operations.fromts = struct_fromts
struct_operations.collectts = struct_collectts
