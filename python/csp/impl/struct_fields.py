"""Field types of ``csp.Struct``: classification, validation and formatting.

:func:`field_type` turns a field annotation into a :class:`FieldType`, which
knows how to validate (and convert) a value assigned to the field, how to
show it in a struct's repr, and what ``Struct.metadata()`` reports for it.

Validation rules (those of the reference csp package):

==========================  =================================================
annotation                  accepted values (stored value)
==========================  =================================================
``int``                     ``int`` and ``bool`` (stored as ``int``); not float
``float``                   ``float`` (incl. subclasses) and ``int``/``bool``
                            (converted to ``float``)
``bool``                    ``bool`` only
``str`` / ``bytes``         ``str`` or ``bytes`` (converted to the field type)
``datetime``, ``date``,     instances of the class (a datetime is a date;
``timedelta``, ``time``     a time must not have a timezone)
a ``csp.Enum``              members of that enum
a ``csp.Struct``            instances of that struct or a subclass
``List[T]``                 any iterable; every element validated as ``T``;
                            stored as a :class:`TypedList` (a ``list`` that
                            keeps validating ``append``/``extend``/...)
``FastList[T]``              as ``List[T]``, stored as a :class:`FastListValue`
                            (list-like, not a ``list``; see typing_utils)
``Optional[T]``, ``Union``  non-strict structs: anything. Strict structs:
                            ``None`` or a ``T`` (``T`` one of the above, not
                            a list)
any other class             instances of it (``dict``, ``tuple``, ``Dict[K, V]``
                            checks the origin class only)
``object``, ``Any``         anything
``np.ndarray``,             any ``numpy.ndarray`` (dtype and shape are not
``Numpy1DArray[T]``,        checked); ``metadata()`` reports ``np.ndarray``
``NumpyNDArray[T]``
==========================  =================================================

A value that does not fit raises :class:`FieldTypeError` (a ``TypeError``)
whose message is the reference's, e.g. ``Invalid int type, expected long
(int) got str``; the struct adds the field and struct names.
"""

from __future__ import annotations

import typing
from datetime import date, datetime, time, timedelta
from types import NoneType, UnionType
from typing import Any, Callable, Optional

import numpy as np

from csp import _native
from csp.impl.enum import Enum
from csp.impl.types.numpy_types import is_array_type
from csp.impl.types.typing_utils import FastList, FastListValue

__all__ = ["UNSET_FIELD", "FieldType", "FieldTypeError", "TypedList", "field_type", "type_name"]

UNSET_FIELD = object()  # the value of a field that is not set, in the struct helpers


class FieldTypeError(TypeError):
    """A value does not fit a field's type (the message says why)."""


def type_name(typ: type) -> str:
    """``int``, ``T`` (a class of ``__main__``) or ``module.Class``, as in the reference's messages."""
    module = getattr(typ, "__module__", "builtins")
    if module in ("builtins", "__main__"):
        return typ.__qualname__
    return f"{module}.{typ.__qualname__}"


def _invalid(kind: str, expected: str, value: Any) -> FieldTypeError:
    return FieldTypeError(f"Invalid {kind} type, expected {expected} got {type_name(type(value))}")


class FieldType:
    """How one field type validates, converts and shows values.

    ``exact`` is a class whose instances are stored unchanged without calling
    ``convert`` (the fast path of a setter), or ``None`` when every value must
    go through ``convert`` (``object`` fields: ``convert`` is the identity).
    ``kind`` names the category (``int``, ``float``, ``bool``, ``str``,
    ``bytes``, ``datetime``, ``timedelta``, ``date``, ``time``, ``enum``,
    ``struct``, ``list``, ``class``, ``object``); ``py_type`` is the class
    for all kinds but ``list`` and ``object``; ``elem`` is the element type
    of a list. ``optional`` is true for ``Optional[...]`` annotations.
    """

    __slots__ = ("annotation", "kind", "py_type", "exact", "convert", "elem", "optional", "meta")

    def __init__(self, annotation: Any, kind: str, py_type: Any, convert: Callable[[Any], Any], exact: Any = None,
                 elem: Optional["FieldType"] = None, optional: bool = False, meta: Any = None) -> None:
        self.annotation = annotation
        self.kind = kind
        self.py_type = py_type
        self.convert = convert
        self.exact = exact
        self.elem = elem
        self.optional = optional
        self.meta = meta if meta is not None else py_type

    def check(self, value: Any) -> Any:
        """``value`` as stored in the field; raises :class:`FieldTypeError`."""
        if self.exact is not None and type(value) is self.exact:
            return value
        return self.convert(value)

    def format(self, value: Any, show_unset: bool) -> str:
        """``value`` as shown by a struct's repr (``show_unset=False``) or str."""
        kind = self.kind
        if kind == "str" and type(value) is str:
            return value
        if kind == "list":
            return "[" + ", ".join(self.elem.format(item, show_unset) for item in value) + "]"
        if kind == "struct" and show_unset:
            return str(value)
        return repr(value)

    def __repr__(self) -> str:
        return f"FieldType({self.kind}, {self.annotation!r})"


# ------------------------------------------------------------ converters

def _identity(value):
    return value


def _to_int(value):
    if isinstance(value, int):  # bool and other int subclasses are stored as plain ints
        return int(value)
    raise _invalid("int", "long (int)", value)


def _to_float(value):
    if isinstance(value, (float, int)):
        return float(value)
    raise _invalid("float", "float", value)


def _to_bool(value):
    if isinstance(value, bool):
        return value
    raise _invalid("bool", "bool", value)


def _to_str(value):
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode()
    raise _invalid("string", "str", value)


def _to_bytes(value):
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode()
    raise _invalid("string", "str", value)


def _to_date(value):
    if isinstance(value, datetime):  # a datetime is a date: keep its date part
        return value.date()
    if isinstance(value, date):
        return value
    raise _invalid("date", "date", value)


def _to_time(value):
    if not isinstance(value, time):
        raise _invalid("time", "time", value)
    if value.tzinfo is not None:
        raise FieldTypeError("csp time type does not support timezones; use an object field for times with a timezone")
    return value


def _instance_check(cls: type, kind: str, expected: str):
    def convert(value):
        if isinstance(value, cls):
            return value
        raise _invalid(kind, expected, value)

    return convert


def _optional_of(inner: "FieldType"):
    def convert(value):
        return None if value is None else inner.check(value)

    return convert


def _list_of(elem: "FieldType"):
    exact = elem.exact
    convert = elem.convert

    def convert_list(value):
        try:
            items = iter(value)
        except TypeError:
            raise _invalid("list / iterator", "list or iterator", value) from None
        return TypedList.of(elem, [item if type(item) is exact else convert(item) for item in items])

    return convert_list


def _fast_list_of(elem: "FieldType"):
    check = elem.check

    def convert_fast_list(value):
        try:
            items = iter(value)
        except TypeError:
            raise _invalid("list / iterator", "list or iterator", value) from None
        return FastListValue(items, check)

    return convert_fast_list


_SIMPLE = {
    int: ("int", _to_int),
    float: ("float", _to_float),
    bool: ("bool", _to_bool),
    str: ("str", _to_str),
    bytes: ("bytes", _to_bytes),
}
_TIME_KINDS = {datetime: "datetime", timedelta: "timedelta", date: "date", time: "time"}


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) is typing.Union or isinstance(annotation, UnionType)


def field_type(annotation: Any, strict: bool = False) -> FieldType:
    """The :class:`FieldType` of a struct field annotated ``annotation``.

    Raises ``TypeError`` for annotations that are not types.
    """
    if _is_union(annotation):
        arms = [arm for arm in typing.get_args(annotation) if arm is not NoneType]
        optional = len(arms) < len(typing.get_args(annotation))
        if strict and optional and len(arms) == 1:
            inner = field_type(arms[0], strict)
            if inner.kind not in ("list", "object"):
                return FieldType(annotation, inner.kind, inner.py_type, _optional_of(inner), inner.exact,
                                 optional=True, meta=inner.meta)
        return FieldType(annotation, "object", object, _identity, optional=optional, meta=object)
    if annotation is Any:
        return FieldType(annotation, "object", object, _identity, meta=Any)
    if annotation is object:
        return FieldType(annotation, "object", object, _identity)
    if is_array_type(annotation):  # values are plain numpy arrays of any dtype and shape
        return FieldType(annotation, "class", np.ndarray, _instance_check(np.ndarray, "numpy.ndarray", "numpy.ndarray"),
                         np.ndarray)
    origin = typing.get_origin(annotation)
    if origin is FastList:
        args = typing.get_args(annotation)
        elem = field_type(args[0], strict) if args else field_type(object)
        return FieldType(annotation, "list", list, _fast_list_of(elem), elem=elem, meta=[elem.meta, True])
    if origin is list:
        args = typing.get_args(annotation)
        elem = field_type(args[0], strict) if args else field_type(object)
        if elem.kind == "object":
            return FieldType(annotation, "class", list, _instance_check(list, "list", "list"), list)
        return FieldType(annotation, "list", list, _list_of(elem), elem=elem, meta=[elem.meta])
    if origin is not None:  # Dict[K, V], Tuple[...], Set[T], Callable...: check the origin class only
        annotation_class = origin
        if not isinstance(annotation_class, type):
            return FieldType(annotation, "object", object, _identity)
        return FieldType(annotation, "class", annotation_class, _instance_check(
            annotation_class, annotation_class.__name__, annotation_class.__name__), meta=annotation_class)
    if isinstance(annotation, list) and len(annotation) == 1:  # [int] is List[int]
        return field_type(typing.List[annotation[0]], strict)
    if not isinstance(annotation, type):
        raise TypeError(f"expected field annotation as a type got {type(annotation).__name__!r}")
    simple = _SIMPLE.get(annotation)
    if simple is not None:
        return FieldType(annotation, simple[0], annotation, simple[1], annotation)
    kind = _TIME_KINDS.get(annotation)
    if kind is not None:
        convert = {date: _to_date, time: _to_time}.get(annotation) or _instance_check(annotation, kind, kind)
        return FieldType(annotation, kind, annotation, convert, annotation)
    if issubclass(annotation, Enum):
        return FieldType(annotation, "enum", annotation,
                         _instance_check(annotation, "enum", f"enum type {annotation.__name__}"), annotation)
    if issubclass(annotation, _native.StructBase):
        return FieldType(annotation, "struct", annotation,
                         _instance_check(annotation, "struct", f"struct {annotation.__name__}"), annotation)
    name = annotation.__name__
    return FieldType(annotation, "class", annotation, _instance_check(annotation, name, name), annotation)


class TypedList(list):
    """The value of a ``List[T]`` field: a ``list`` whose mutators validate elements.

    ``append``, ``extend``, ``insert``, ``+=`` and item/slice assignment
    convert each new element with the field's element type (an ``int`` into
    a ``List[float]`` becomes a float) or raise :class:`FieldTypeError`.
    It pickles and copies as a plain ``list``.
    """

    __slots__ = ("_elem",)

    @classmethod
    def of(cls, elem: FieldType, items) -> "TypedList":
        """A typed list of ``elem`` holding ``items`` (already validated)."""
        result = cls(items)  # list's own (C) constructor
        result._elem = elem
        return result

    def _check_all(self, items):
        check = self._elem.check
        return [check(item) for item in items]

    def append(self, item) -> None:
        super().append(self._elem.check(item))

    def insert(self, index, item) -> None:
        super().insert(index, self._elem.check(item))

    def extend(self, items) -> None:
        super().extend(self._check_all(items))

    def __iadd__(self, items):
        super().extend(self._check_all(items))
        return self

    def __setitem__(self, index, value) -> None:
        if isinstance(index, slice):
            super().__setitem__(index, self._check_all(value))
        else:
            super().__setitem__(index, self._elem.check(value))

    def copy(self) -> "TypedList":
        return TypedList.of(self._elem, self)

    def __reduce__(self):
        return (list, (list(self),))

    def __copy__(self) -> "TypedList":
        return TypedList.of(self._elem, self)

    def __deepcopy__(self, memo) -> "TypedList":
        from copy import deepcopy

        return TypedList.of(self._elem, [deepcopy(item, memo) for item in self])
