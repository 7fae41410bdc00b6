"""Resolving a signature at wiring time: the concrete types of one use of a node.

:func:`resolve_signature` matches the actual arguments (edges, their types,
scalars) against a :class:`~csp.impl.types.Signature`, binds its type
variables (``ts['T']``, scalar ``'T'``, ``'~T'``) and returns the concrete
inputs, outputs and alarms. A variable bound twice takes the type both fit
(``int`` and ``float`` give ``float``) unless it was given explicitly.
Mismatches raise ``TypeError`` naming the node and the argument.
"""

import dataclasses
import types as pytypes
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Dict, Iterable, Optional, Tuple

from csp.impl.types import (NO_DEFAULT, AlarmDef, dynamic_basket_types, InputDef, OutputDef, ScalarDef, Signature, TsKind, TsType,
                            _type_repr, _value_matches, common_type, contains_type_vars, is_assignable, substitute,
                            type_var_name)

__all__ = ["Resolution", "resolve_signature"]


@dataclass(frozen=True)
class Resolution:
    """The concrete types of one use of a signature.

    ``typevars`` maps every bound type variable to its type; ``inputs``,
    ``outputs`` and ``alarms`` are the signature's definitions with type
    variables substituted (``inputs`` by name).
    """

    typevars: Dict[str, Any]
    inputs: Dict[str, InputDef]
    outputs: Tuple[OutputDef, ...]
    alarms: Tuple[AlarmDef, ...]


def resolve_signature(
    signature: Signature,
    args: Mapping[str, Any],
    explicit: Optional[Mapping[str, Any]] = None,
) -> Resolution:
    """Resolve ``signature``'s type variables from the actual arguments.

    ``args`` maps argument names to what is passed:

    * a single input: its value type, a :class:`TsType`, or any object with a
      ``tstype`` attribute holding a :class:`TsType` (an edge);
    * a list basket: a sequence of those;
    * a dict basket: a mapping from key to those (keys bind the key type);
    * a scalar: its value (a type, for ``'T'`` scalars). Missing scalars take
      their defaults; missing inputs are not checked.

    ``explicit`` holds types fixed by ``.using(T=...)``; they are never
    upcast. Otherwise a variable bound to several types resolves to their
    common type: ``int`` and ``float`` give ``float``, a class and its
    subclass give the class.

    Raises ``TypeError`` naming the node and argument for a type mismatch, a
    conflict, or a type variable left unresolved.
    """
    binder = _Binder(signature.name, explicit or {})
    for arg in signature.args:
        if isinstance(arg, InputDef):
            if arg.name in args:
                binder.bind_input(arg, args[arg.name])
        else:
            binder.bind_scalar(arg, args.get(arg.name, arg.default))
    return binder.resolution(signature)


class _Binder:
    """Accumulates type-variable bindings for one node or graph instance."""

    def __init__(self, node_name: str, explicit: Mapping[str, Any]):
        self.node_name = node_name
        self.bindings: Dict[str, Any] = dict(explicit)
        self.fixed = frozenset(explicit)

    def error(self, arg: str, detail: str) -> TypeError:
        return TypeError(f"In {self.node_name!r}, argument {arg!r}: {detail}")

    # -- inputs -----------------------------------------------------------

    def bind_input(self, inp: InputDef, actual: Any) -> None:
        if actual is None and inp.default is None:
            return  # optional input left unconnected
        if inp.kind == TsKind.TS:
            self.match(inp.typ, self.value_type(inp.name, actual), inp.name)
        elif inp.kind == TsKind.DYNAMIC_BASKET:
            dynamic = dynamic_basket_types(getattr(actual, "tstype", None))
            if dynamic is None:
                raise self.error(inp.name, f"expected a dynamic basket, got {actual!r}")
            self.match(inp.key_type, dynamic[0], inp.name)
            self.match(inp.typ, dynamic[1], inp.name)
        elif inp.kind == TsKind.LIST_BASKET:
            if isinstance(actual, (str, bytes, Mapping)) or not isinstance(actual, Sequence):
                raise self.error(inp.name, f"expected a list of time series, got {actual!r}")
            for element in actual:
                self.match(inp.typ, self.value_type(inp.name, element), inp.name)
        else:
            if not isinstance(actual, Mapping):
                raise self.error(inp.name, f"expected a dict of time series, got {actual!r}")
            for key, element in actual.items():
                self.match_value(inp.key_type, key, inp.name)
                self.match(inp.typ, self.value_type(inp.name, element), inp.name)

    def value_type(self, arg: str, actual: Any) -> Any:
        """The value type of one actual time series (see :func:`resolve_signature`)."""
        tstype = actual if isinstance(actual, TsType) else getattr(actual, "tstype", None)
        if isinstance(tstype, TsType):
            return tstype.typ
        if _is_type_like(actual):
            return actual
        raise self.error(arg, f"expected a time series, got {actual!r}")

    # -- scalars ---------------------------------------------------------

    def bind_scalar(self, scalar: ScalarDef, value: Any) -> None:
        if value is NO_DEFAULT:
            return
        if scalar.is_type:
            if not _is_type_like(value):
                raise self.error(scalar.name, f"expected a type for {scalar.typ!r}, got {value!r}")
            self.bind(type_var_name(scalar.typ), value, scalar.name)
        elif not (value is None and scalar.default is None):
            self.match_value(scalar.typ, value, scalar.name)

    def match_value(self, pattern: Any, value: Any, arg: str) -> None:
        """Check ``value`` against ``pattern``, binding the variables it contains."""
        name = type_var_name(pattern)
        if name is not None:
            if value is not None:
                self.bind(name, type(value), arg)
            return
        if not contains_type_vars(pattern):
            if not _value_matches(pattern, value):
                raise self.error(arg, f"expected a value of type {_type_repr(pattern)}, got {value!r}")
            return
        origin, params = typing.get_origin(pattern), typing.get_args(pattern)
        if isinstance(origin, type) and not isinstance(value, origin):
            raise self.error(arg, f"expected a value of type {_type_repr(pattern)}, got {value!r}")
        for sub_pattern, sub_value in _typed_parts(origin, params, value):
            self.match_value(sub_pattern, sub_value, arg)

    # -- unification ------------------------------------------------------

    def match(self, pattern: Any, actual: Any, arg: str) -> None:
        """Match type ``actual`` against type ``pattern``, binding its variables."""
        name = type_var_name(pattern)
        if name is not None:
            self.bind(name, actual, arg)
            return
        if not contains_type_vars(pattern):
            if not is_assignable(pattern, actual, cast_parameters=True):
                raise self.error(arg, f"expected ts[{_type_repr(pattern)}], got ts[{_type_repr(actual)}]")
            return
        p_origin, a_origin = typing.get_origin(pattern), typing.get_origin(actual) or actual
        if not (isinstance(a_origin, type) and isinstance(p_origin, type) and issubclass(a_origin, p_origin)):
            raise self.error(arg, f"expected ts[{_type_repr(pattern)}], got ts[{_type_repr(actual)}]")
        p_args, a_args = typing.get_args(pattern), typing.get_args(actual)
        if len(p_args) == len(a_args):
            for p, a in zip(p_args, a_args):
                self.match(p, a, arg)

    def bind(self, name: str, typ: Any, arg: str) -> None:
        """Bind type variable ``name`` to ``typ``, merging with an earlier binding."""
        if name not in self.bindings:
            self.bindings[name] = typ
            return
        merged = _common_type(self.bindings[name], typ, allow_widening=name not in self.fixed)
        if merged is None:
            raise self.error(
                arg,
                f"Conflicting type resolution for {name}: "
                f"{_type_repr(self.bindings[name])} and {_type_repr(typ)}",
            )
        self.bindings[name] = merged

    # -- result ------------------------------------------------------------

    def resolution(self, signature: Signature) -> Resolution:
        inputs = {i.name: self.concrete(i, strict=False) for i in signature.inputs}
        outputs = tuple(self.concrete(o) for o in signature.outputs)
        alarms = tuple(self.concrete(a) for a in signature.alarms)
        return Resolution(dict(self.bindings), inputs, outputs, alarms)

    def concrete(self, definition: Any, strict: bool = True) -> Any:
        """``definition`` (an Input/Output/AlarmDef) with its types substituted.

        An unbound type variable raises ``TypeError`` if ``strict``; otherwise
        the type is left generic (an input that was not passed, or an empty
        basket).
        """
        changes = {}
        for field in ("typ", "key_type"):
            if not hasattr(definition, field):
                continue
            try:
                changes[field] = substitute(getattr(definition, field), self.bindings)
            except KeyError as missing:
                if strict:
                    label = "the output" if definition.name is None else repr(definition.name)
                    raise TypeError(
                        f"In {self.node_name!r}: unable to resolve type variable {missing.args[0]!r} of {label}"
                    ) from None
        return dataclasses.replace(definition, **changes)


def _common_type(existing: Any, new: Any, allow_widening: bool) -> Optional[Any]:
    """The type both ``existing`` and ``new`` values can take, or ``None``.

    With ``allow_widening`` false, only ``existing`` itself is acceptable.
    """
    if not allow_widening:
        return existing if is_assignable(existing, new) else None
    return common_type(existing, new)


def _is_type_like(obj: Any) -> bool:
    return (
        isinstance(obj, (type, pytypes.GenericAlias, pytypes.UnionType))
        or typing.get_origin(obj) is not None
        or obj is Any
    )


def _typed_parts(origin: Any, params: Tuple[Any, ...], value: Any) -> Iterable[Tuple[Any, Any]]:
    """``(pattern, part)`` pairs of a container value against its type parameters."""
    if origin in (list, set, frozenset) and len(params) == 1:
        return [(params[0], item) for item in value]
    if origin is tuple and len(params) == 2 and params[1] is Ellipsis:
        return [(params[0], item) for item in value]
    if origin is tuple and len(params) == len(value):
        return list(zip(params, value))
    if origin is dict and len(params) == 2:
        return [pair for k, v in value.items() for pair in ((params[0], k), (params[1], v))]
    return []
