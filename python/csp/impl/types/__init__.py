"""Time-series types, node signatures and generic type resolution.

Annotations understood by ``@csp.node`` / ``@csp.graph``:

==============================  ==================================================
annotation                      meaning
==============================  ==================================================
``ts[int]``                     a time series of ``int`` (``ts`` is :class:`TsType`)
``ts['T']``                     a time series of type variable ``T``
``[ts[T]]``, ``List[ts[T]]``    a list basket of time series
``{K: ts[T]}``,                 a dict basket keyed by ``K``
``Dict[K, ts[T]]``
``int``, ``List[str]``...       a scalar of that type
``[int]``, ``{str: int}``       the scalars ``List[int]``, ``Dict[str, int]``
``'T'``                         a scalar that *is a type*, binding ``T``
``'~T'``                        a scalar *value of type* ``T``
==============================  ==================================================

A type variable is written as a string (``'T'``), which ``typing`` turns
into ``ForwardRef('T')`` inside generics (``List['T']``), or as a
``typing.TypeVar``; :func:`type_var_name` recognises all three.

Return annotations: ``ts[T]`` or a basket (one unnamed output),
``Outputs(x=ts[int], y=...)`` (named outputs), ``Outputs(ts[int])`` (one
unnamed output) and :class:`OutputBasket` for basket outputs with a shape.

:func:`build_signature` turns a function into a :class:`Signature`;
:func:`csp.impl.types.resolution.resolve_signature` binds its type variables
to the actual argument types at wiring time.
"""

import __future__

import inspect
import numbers
import types as pytypes
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from typing import Any, Callable, Dict, Optional, Set, Tuple, Union

from csp.impl.exceptions import CspParseError
from csp.impl.types.arguments import is_seconds
from csp.impl.types.numpy_types import array_argument_fits, array_origin, normalise_array_type

__all__ = [
    "NO_DEFAULT",
    "AlarmDef",
    "InputDef",
    "OutputBasket",
    "OutputDef",
    "Outputs",
    "ScalarDef",
    "Signature",
    "TsAnnotation",
    "TsKind",
    "TsType",
    "build_signature",
    "closure_values",
    "common_type",
    "contains_type_vars",
    "evaluated_annotations",
    "is_assignable",
    "parse_outputs",
    "parse_scalar_annotation",
    "parse_ts_annotation",
    "requires_cast",
    "substitute",
    "ts",
    "type_var_name",
    "type_vars_of",
]

# ----------------------------------------------------------- type variables


def type_var_name(obj: Any) -> Optional[str]:
    """The name of type variable ``obj`` or ``None`` if it is not one.

    Type variables are identifier strings (``'T'``), ``ForwardRef('T')`` and
    ``typing.TypeVar`` instances.
    """
    if isinstance(obj, str):
        return obj if obj.isidentifier() else None
    if isinstance(obj, typing.ForwardRef):
        return obj.__forward_arg__ if obj.__forward_arg__.isidentifier() else None
    if isinstance(obj, typing.TypeVar):
        return obj.__name__
    return None


def _type_args(typ: Any) -> Tuple[Any, ...]:
    """The parameters of a generic type, flattening ``Callable``'s argument list."""
    if isinstance(typ, TsType):
        return (typ.typ,)
    flat = []
    for arg in typing.get_args(typ):
        flat.extend(arg if isinstance(arg, (list, tuple)) else [arg])
    return tuple(flat)


def type_vars_of(typ: Any) -> Set[str]:
    """Names of all type variables appearing anywhere in ``typ``."""
    name = type_var_name(typ)
    if name is not None:
        return {name}
    found: Set[str] = set()
    for arg in _type_args(typ):
        found |= type_vars_of(arg)
    return found


def contains_type_vars(typ: Any) -> bool:
    """True if ``typ`` is or contains a type variable."""
    return bool(type_vars_of(typ))


def _type_repr(typ: Any) -> str:
    """``int``, ``module.Class``, ``'T'`` or the repr of a typing form."""
    if isinstance(typ, type):
        return typ.__qualname__ if typ.__module__ == "builtins" else f"{typ.__module__}.{typ.__qualname__}"
    return repr(typ)


# ------------------------------------------------------------------- ts[T]

_TS_CACHE: Dict[Any, "TsType"] = {}


class TsType:
    """The type of a time series of values of type ``typ``.

    Written ``ts[typ]``: ``ts[float]``, ``ts['T']``, ``ts[List[int]]``.
    ``ts[np.ndarray]`` is ``ts[NumpyNDArray[float]]``.
    Instances are immutable and compare equal when their ``typ`` are equal;
    ``ts[x] is ts[x]`` for hashable ``x``. A type variable given as
    ``ForwardRef('T')`` or ``TypeVar('T')`` is stored as the string ``'T'``.
    """

    __slots__ = ("typ",)

    def __init__(self, typ: Any):
        if isinstance(typ, tuple):
            raise TypeError(f"ts[...] takes exactly one type, got {len(typ)}")
        name = type_var_name(typ)
        object.__setattr__(self, "typ", name if name is not None else normalise_array_type(typ))

    def __class_getitem__(cls, typ: Any) -> "TsType":
        name = type_var_name(typ)
        typ = name if name is not None else normalise_array_type(typ)
        try:
            cached = _TS_CACHE.get(typ)
        except TypeError:  # unhashable: not cached
            return cls(typ)
        if cached is None:
            cached = _TS_CACHE[typ] = cls(typ)
        return cached

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("TsType is immutable")

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, TsType) and self.typ == other.typ

    def __hash__(self) -> int:
        return hash((TsType, self.typ))

    def __repr__(self) -> str:
        return f"ts[{_type_repr(self.typ)}]"

    def __reduce__(self) -> Tuple[Any, Tuple[Any]]:
        return (TsType, (self.typ,))


ts = TsType


# ----------------------------------------------------------------- baskets


class TsKind(str, Enum):
    """The shape of a time-series input or output."""

    TS = "ts"
    LIST_BASKET = "list_basket"
    DICT_BASKET = "dict_basket"
    DYNAMIC_BASKET = "dynamic_basket"


@dataclass(frozen=True)
class TsAnnotation:
    """A normalised time-series annotation.

    ``typ`` is the value type (of every element, for a basket); ``key_type``
    is the key type of a dict basket and ``None`` otherwise.
    """

    kind: TsKind
    typ: Any
    key_type: Any = None

    @property
    def tstype(self) -> TsType:
        """``ts[typ]``: the type of one time series (one element for a basket)."""
        return ts[self.typ]


def parse_ts_annotation(annotation: Any) -> Optional[TsAnnotation]:
    """Normalise a time-series annotation, or return ``None`` for anything else.

    Accepts ``ts[T]``, ``[ts[T]]``, ``List[ts[T]]``, ``list[ts[T]]``,
    ``{K: ts[T]}``, ``Dict[K, ts[T]]``, ``dict[K, ts[T]]``,
    :class:`OutputBasket` and dynamic baskets: ``csp.DynamicBasket[K, T]``
    or ``{ts[K]: ts[T]}`` (a dict whose key is a time series).
    """
    if isinstance(annotation, TsType):
        return TsAnnotation(TsKind.TS, annotation.typ)
    dynamic = dynamic_basket_types(annotation)
    if dynamic is not None:
        return TsAnnotation(TsKind.DYNAMIC_BASKET, dynamic[1], _normalise_key_type(dynamic[0]))
    if isinstance(annotation, OutputBasket):
        return annotation.basket
    if isinstance(annotation, list) and len(annotation) == 1 and isinstance(annotation[0], TsType):
        return TsAnnotation(TsKind.LIST_BASKET, annotation[0].typ)
    if isinstance(annotation, dict) and len(annotation) == 1:
        ((key, value),) = annotation.items()
        if isinstance(value, TsType):
            return TsAnnotation(TsKind.DICT_BASKET, value.typ, _normalise_key_type(key))
        return None
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list and len(args) == 1 and isinstance(args[0], TsType):
        return TsAnnotation(TsKind.LIST_BASKET, args[0].typ)
    if origin is dict and len(args) == 2 and isinstance(args[1], TsType):
        return TsAnnotation(TsKind.DICT_BASKET, args[1].typ, _normalise_key_type(args[0]))
    return None


class DynamicBasket:
    """``csp.DynamicBasket[K, T]``: a dict basket whose keys come and go while the graph runs.

    Subscripting gives ``typing.Dict[ts[K], ts[T]]``, the same type as the
    shorthand annotation ``{ts[K]: ts[T]}``; it is the ``tstype`` of a
    dynamic basket edge.
    """

    def __class_getitem__(cls, params: Any) -> Any:
        if not isinstance(params, tuple) or len(params) != 2:
            raise TypeError("csp.DynamicBasket takes a key type and a value type: csp.DynamicBasket[K, T]")
        key, value = (p.typ if isinstance(p, TsType) else p for p in params)
        return typing.Dict[ts[key], ts[value]]


def dynamic_basket_types(annotation: Any) -> Optional[Tuple[Any, Any]]:
    """``(K, T)`` for a dynamic basket type (``Dict[ts[K], ts[T]]`` or ``{ts[K]: ts[T]}``), else ``None``."""
    if isinstance(annotation, dict) and len(annotation) == 1:
        ((key, value),) = annotation.items()
        if isinstance(key, TsType) and isinstance(value, TsType):
            return key.typ, value.typ
        return None
    if typing.get_origin(annotation) is dict:
        args = typing.get_args(annotation)
        if len(args) == 2 and isinstance(args[0], TsType) and isinstance(args[1], TsType):
            return args[0].typ, args[1].typ
    return None


def _normalise_key_type(key: Any) -> Any:
    name = type_var_name(key)
    return name if name is not None else key


def parse_scalar_annotation(annotation: Any) -> Tuple[Any, bool]:
    """Normalise a scalar annotation to ``(value type, is_type)``.

    ``'T'`` gives ``('T', True)``: the argument is a type, bound to ``T``.
    ``'~T'`` gives ``('T', False)``: the argument is a value of type ``T``.
    ``[X]`` and ``{K: V}`` give ``List[X]`` and ``Dict[K, V]``. Anything else
    is returned unchanged with ``False``.
    """
    if isinstance(annotation, str):
        if annotation.startswith("~") and annotation[1:].isidentifier():
            return annotation[1:], False
        if annotation.isidentifier():
            return annotation, True
    return _literal_to_typing(annotation), False


def _literal_to_typing(annotation: Any) -> Any:
    if isinstance(annotation, list) and len(annotation) == 1:
        return typing.List[_literal_to_typing(annotation[0])]
    if isinstance(annotation, dict) and len(annotation) == 1:
        ((key, value),) = annotation.items()
        return typing.Dict[_literal_to_typing(key), _literal_to_typing(value)]
    return annotation


# ---------------------------------------------------------------- outputs


class OutputBasket:
    """A basket output: ``OutputBasket(List[ts[T]], shape=3)``.

    ``typ`` is a list or dict basket annotation. ``shape`` is the number of
    elements (list), the keys (dict), or the name of a scalar argument
    holding either; ``shape_of`` names a basket input whose shape to copy.
    At most one of the two may be given.
    """

    def __init__(self, typ: Any, shape: Any = None, shape_of: Optional[str] = None):
        basket = parse_ts_annotation(typ)
        if basket is None or basket.kind == TsKind.TS:
            raise TypeError(f"OutputBasket expects a list or dict basket type, got {typ!r}")
        if shape is not None and shape_of is not None:
            raise TypeError("OutputBasket takes shape or shape_of, not both")
        self.typ = typ
        self.basket = basket
        self.shape = shape
        self.shape_of = shape_of

    def __repr__(self) -> str:
        return f"OutputBasket({self.typ!r}, shape={self.shape!r}, shape_of={self.shape_of!r})"


class Outputs:
    """The outputs of a node or graph, used as its return annotation.

    ``Outputs(x=ts[int], y=ts[float])`` declares named outputs in order;
    ``Outputs(ts[int])`` a single unnamed output. ``fields`` maps each output
    name (``None`` for the unnamed one) to its annotation.
    """

    def __init__(self, *args: Any, **kwargs: Any):
        if args and kwargs:
            raise TypeError("Outputs takes either one unnamed output or named outputs, not both")
        if len(args) > 1:
            raise TypeError("Outputs takes at most one unnamed output; name them to declare more")
        self.fields: Dict[Optional[str], Any] = {None: args[0]} if args else dict(kwargs)

    def __repr__(self) -> str:
        if None in self.fields:
            return f"Outputs({self.fields[None]!r})"
        return "Outputs(" + ", ".join(f"{k}={v!r}" for k, v in self.fields.items()) + ")"


# -------------------------------------------------------------- signature

NO_DEFAULT = inspect.Parameter.empty
"""The ``default`` of an argument that has none."""


@dataclass(frozen=True)
class InputDef:
    """A time-series input: a single ``ts`` or a basket (one slot either way)."""

    name: str
    kind: TsKind
    typ: Any
    key_type: Any = None
    default: Any = NO_DEFAULT

    @property
    def is_basket(self) -> bool:
        return self.kind != TsKind.TS

    @property
    def tstype(self) -> TsType:
        """``ts[typ]`` (of one element, for a basket)."""
        return ts[self.typ]


@dataclass(frozen=True)
class ScalarDef:
    """A scalar argument; ``is_type`` means the argument is itself a type (``'T'``)."""

    name: str
    typ: Any
    is_type: bool = False
    default: Any = NO_DEFAULT


@dataclass(frozen=True)
class OutputDef:
    """An output; ``name`` is ``None`` for a single unnamed output."""

    name: Optional[str]
    kind: TsKind
    typ: Any
    key_type: Any = None
    shape: Any = None
    shape_of: Optional[str] = None

    @property
    def tstype(self) -> TsType:
        """``ts[typ]`` (of one element, for a basket)."""
        return ts[self.typ]


@dataclass(frozen=True)
class AlarmDef:
    """An alarm declared in ``with csp.alarms():`` with value type ``typ``."""

    name: str
    typ: Any


@dataclass(frozen=True)
class Signature:
    """The interface of a node or graph.

    ``args`` lists every parameter in declaration order. ``inputs`` (slots
    ``0 .. len(inputs)-1``) and ``scalars`` are its two parts; alarms take
    the slots after the inputs, in declaration order.
    """

    name: str
    filename: str
    lineno: int
    args: Tuple[Union[InputDef, ScalarDef], ...]
    outputs: Tuple[OutputDef, ...]
    alarms: Tuple[AlarmDef, ...] = ()

    @property
    def inputs(self) -> Tuple[InputDef, ...]:
        return tuple(a for a in self.args if isinstance(a, InputDef))

    @property
    def scalars(self) -> Tuple[ScalarDef, ...]:
        return tuple(a for a in self.args if isinstance(a, ScalarDef))

    @property
    def has_named_outputs(self) -> bool:
        return any(o.name is not None for o in self.outputs)

    def slot(self, name: str) -> Optional[int]:
        """Slot of the input or alarm called ``name``, or ``None``."""
        names = [i.name for i in self.inputs] + [a.name for a in self.alarms]
        return names.index(name) if name in names else None

    def output_index(self, name: Optional[str]) -> Optional[int]:
        """Index of the output called ``name`` (``None``: the unnamed one), or ``None``."""
        for index, out in enumerate(self.outputs):
            if out.name == name:
                return index
        return None


def evaluated_annotations(func: Callable[..., Any]) -> Dict[str, Any]:
    """``func``'s annotations, evaluated if its module uses postponed annotations.

    Under ``from __future__ import annotations`` every annotation is a string
    of source code; it is evaluated in the function's globals and closure.
    Otherwise annotations are returned as written, so ``'T'`` stays a type
    variable.
    """
    annotations = dict(getattr(func, "__annotations__", {}))
    if not func.__code__.co_flags & __future__.annotations.compiler_flag:
        return annotations
    namespace = closure_values(func)
    return {k: eval(v, func.__globals__, namespace) if isinstance(v, str) else v for k, v in annotations.items()}


def closure_values(func: Callable[..., Any]) -> Dict[str, Any]:
    """The current values of ``func``'s closure variables (empty cells are left out)."""
    values = {}
    for name, cell in zip(func.__code__.co_freevars, func.__closure__ or ()):
        try:
            values[name] = cell.cell_contents
        except ValueError:  # empty cell
            pass
    return values


def build_signature(
    func: Callable[..., Any],
    *,
    alarms: Sequence[AlarmDef] = (),
    lineno: Optional[int] = None,
    param_lines: Optional[Mapping[str, int]] = None,
    name: Optional[str] = None,
) -> Signature:
    """The :class:`Signature` of ``func``.

    ``lineno`` (default: the code's first line) is recorded as the
    definition line; ``param_lines`` gives each parameter's line for error
    messages. Raises :class:`CspParseError` for ``*args``/``**kwargs``, a
    missing annotation or an invalid return annotation.
    """
    filename = func.__code__.co_filename
    lineno = lineno if lineno is not None else func.__code__.co_firstlineno
    param_lines = param_lines or {}
    try:
        annotations = evaluated_annotations(func)
    except Exception as err:
        raise CspParseError(f"cannot evaluate the annotations of {func.__name__!r}: {err}", filename, lineno) from None
    args = []
    for param in inspect.signature(func).parameters.values():
        line = param_lines.get(param.name, lineno)
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            raise CspParseError("csp.node and csp.graph do not support *args or **kwargs", filename, line)
        if param.name not in annotations:
            raise CspParseError("csp.node and csp.graph args must be type annotated", filename, line)
        args.append(_param_def(param.name, annotations[param.name], param.default))
    try:
        outputs = parse_outputs(annotations.get("return"))
    except TypeError as err:
        raise CspParseError(str(err), filename, lineno) from None
    return Signature(name or func.__name__, filename, lineno, tuple(args), outputs, tuple(alarms))


def _param_def(name: str, annotation: Any, default: Any) -> Union[InputDef, ScalarDef]:
    parsed = parse_ts_annotation(annotation)
    if parsed is not None:
        return InputDef(name, parsed.kind, parsed.typ, parsed.key_type, default)
    typ, is_type = parse_scalar_annotation(annotation)
    return ScalarDef(name, typ, is_type, default)


def parse_outputs(annotation: Any) -> Tuple[OutputDef, ...]:
    """The outputs declared by a return annotation (``None``: no outputs).

    Raises ``TypeError`` if the annotation is not an output declaration.
    """
    if annotation is None or annotation is inspect.Signature.empty:
        return ()
    fields = annotation.fields if isinstance(annotation, Outputs) else {None: annotation}
    return tuple(_output_def(name, ann) for name, ann in fields.items())


def _output_def(name: Optional[str], annotation: Any) -> OutputDef:
    parsed = parse_ts_annotation(annotation)
    if parsed is None:
        label = "the output" if name is None else f"output {name!r}"
        raise TypeError(f"{label} must be annotated with ts[...], a basket or csp.OutputBasket, got {annotation!r}")
    shape = annotation.shape if isinstance(annotation, OutputBasket) else None
    shape_of = annotation.shape_of if isinstance(annotation, OutputBasket) else None
    return OutputDef(name, parsed.kind, parsed.typ, parsed.key_type, shape, shape_of)


# ------------------------------------------------------------ assignability


def requires_cast(actual: Any, target: Any) -> bool:
    """True if a time series of ``actual`` must be converted to feed ``target`` (int → float; not bool)."""
    return target is float and isinstance(actual, type) and issubclass(actual, int) and actual is not bool


def is_assignable(target: Any, actual: Any, *, allow_cast: bool = True, cast_parameters: bool = False) -> bool:
    """True if values of type ``actual`` are accepted where ``target`` is expected.

    Accepted: equal types, subclasses, anything for ``Any``/``object``, a
    member of a ``Union``, ``int`` (not ``bool``) for ``float`` when
    ``allow_cast``, and generics whose origins are assignable and whose
    parameters (when both are given) are, without casts unless
    ``cast_parameters`` (``List[int]`` or ``Numpy1DArray[int]`` for a
    ``List[float]`` or ``Numpy1DArray[float]`` input).
    """
    if target == actual or target is Any or target is object:
        return True
    if allow_cast and requires_cast(actual, target):
        return True
    if typing.get_origin(target) is Union or isinstance(target, pytypes.UnionType):
        return any(is_assignable(arm, actual, allow_cast=allow_cast) for arm in typing.get_args(target))
    t_origin, a_origin = typing.get_origin(target) or target, typing.get_origin(actual) or actual
    if not (isinstance(t_origin, type) and isinstance(a_origin, type) and issubclass(a_origin, t_origin)):
        return False
    t_args, a_args = typing.get_args(target), typing.get_args(actual)
    if t_args and not a_args and array_origin(target) is not None:
        return False  # a bare Numpy1DArray does not say its element type
    if not t_args or not a_args or len(t_args) != len(a_args):
        return True
    return all(t is Ellipsis or is_assignable(t, a, allow_cast=cast_parameters, cast_parameters=cast_parameters)
               for t, a in zip(t_args, a_args))


def common_type(a: Any, b: Any) -> Optional[Any]:
    """The type that values of both ``a`` and ``b`` fit (``a`` if it takes ``b``'s; ``int`` and
    ``float``: ``float``; a class and its subclass: the class), or ``None``."""
    if is_assignable(a, b):
        return a
    if is_assignable(b, a):
        return b
    return None


def _value_matches(typ: Any, value: Any) -> bool:
    """Lenient run-time check that scalar ``value`` fits annotation ``typ``."""
    if typ is Any or typ is object:
        return True
    if typing.get_origin(typ) is Union or isinstance(typ, pytypes.UnionType):
        return any(_value_matches(arm, value) for arm in typing.get_args(typ))
    if typ is int:
        return isinstance(value, numbers.Integral)
    if typ is float:
        return isinstance(value, numbers.Real)
    if array_origin(typ) is not None:
        return array_argument_fits(typ, value)
    if typ is timedelta:
        return isinstance(value, timedelta) or is_seconds(value)
    origin = typing.get_origin(typ) or typ
    if isinstance(origin, type):
        return isinstance(value, origin)
    return True  # forms we cannot check cheaply


# ------------------------------------------------------------- substitution


def substitute(typ: Any, bindings: Mapping[str, Any]) -> Any:
    """``typ`` with every type variable replaced by its binding.

    Raises ``KeyError(name)`` for a variable missing from ``bindings``.
    """
    name = type_var_name(typ)
    if name is not None:
        return bindings[name]
    if isinstance(typ, TsType):
        return ts[substitute(typ.typ, bindings)]
    if not contains_type_vars(typ):
        return typ
    args = tuple(
        [substitute(a, bindings) for a in arg] if isinstance(arg, list) else substitute(arg, bindings)
        for arg in typing.get_args(typ)
    )
    if isinstance(typ, pytypes.GenericAlias):
        return pytypes.GenericAlias(typing.get_origin(typ), args)
    if hasattr(typ, "copy_with"):
        return typ.copy_with(args)
    return typ
