"""``csp.Struct``: typed records with optional ("unset") fields.

Declaring a struct::

    class Trade(csp.Struct):
        price: float
        qty: int = 0
        tags: List[str]

    class Strict(csp.Struct, strict=True):   # every field must be set at creation
        ...

Contract (that of the reference csp package):

* Fields come from the class annotations, base-class fields first; a field
  may have a default. A field that was never set is *unset*: reading it
  raises ``AttributeError``; ``repr`` omits it and ``str`` shows ``<unset>``.
* Assignments are validated by field type (see :mod:`csp.impl.struct_fields`);
  a wrong value raises ``TypeError`` naming the field, the expected type and
  the struct. Unknown attributes raise ``AttributeError``.
* Single inheritance; a subclass may not redeclare a base field, and a
  strict struct's subclasses are strict (and a non-strict one's non-strict).
* ``strict=True``: creation must set every field (defaults count), and
  fields cannot be deleted; ``Optional[T]`` fields may be ``None``.
* Equality compares the type and every field (set/unset and value; NaN
  equals NaN); structs are hashable (consistently with equality).

Implementation: instances are C++ structs (``csp::Struct``, see
cpp/include/csp/core/struct.h). This module validates the declaration and
then hands the fields to ``_native.define_struct``, which lays them out and
installs one data descriptor per field: reads and writes of bool, int,
float, str, datetime, timedelta, date, time, enum and struct fields go
straight to C++ storage; other fields (lists, Optional, other classes) hold
Python objects, validated by the field's Python conversion. ``__init__``,
equality, hashing, ``copy``, ``clear`` and ``all_fields_set`` are C++
(``_native.StructBase``). Struct classes live until the interpreter exits
(their C++ type refers to them), so define them once, not per call.
"""

from __future__ import annotations

import copy as _copy
import math
import sys
import typing
from datetime import date, datetime, time, timedelta
from typing import Any, Callable, Dict, Tuple

import numpy as np

from csp import _native
from csp.impl.enum import Enum
from csp.impl.struct_fields import UNSET_FIELD, FieldType, FieldTypeError, TypedList, field_type
from csp.impl.struct_serialize import from_dict, to_dict, to_dict_depr, to_json
from csp.impl.types.typing_utils import FastListValue

__all__ = ["Struct", "StructMeta", "is_struct_type"]

_UNSET = UNSET_FIELD  # an unset field, internally
# Field assignment without a subclass's own __setattr__ (struct instances refuse object's).
_object_setattr = _native.StructBase.__setattr__
_object_delattr = _native.StructBase.__delattr__
_IMMUTABLE = (int, float, bool, str, bytes, type(None), datetime, timedelta, date, time, Enum, frozenset)


class FieldSpec:
    """One field of a struct class: its name, type and default (``_UNSET`` if none)."""

    __slots__ = ("name", "type", "default", "copy_default")

    def __init__(self, name: str, ftype: FieldType, default: Any) -> None:
        self.name = name
        self.type = ftype
        self.default = default
        self.copy_default = default is not _UNSET and not isinstance(default, _IMMUTABLE)

    def __repr__(self) -> str:
        return f"FieldSpec({self.name!r}, {self.type!r})"


def _field_error(cls, name: str, error: Exception) -> TypeError:
    return TypeError(f"on field '{name}' : {error} (struct {cls.__name__})")


def is_struct_type(typ: Any) -> bool:
    """True if ``typ`` is a ``csp.Struct`` subclass."""
    return isinstance(typ, StructMeta) and typ._csp_fields is not None


class StructMeta(_native.StructType):
    """Metaclass of ``csp.Struct``: collects the fields and compiles the accessors."""

    def __new__(mcs, name: str, bases: tuple, namespace: dict, strict: bool = False, **kwargs):
        if namespace.pop("_csp_root", False):  # csp.Struct itself
            namespace["_csp_fields"] = None
            return super().__new__(mcs, name, bases, namespace, **kwargs)
        struct_bases = [b for b in bases if isinstance(b, StructMeta)]
        if len(struct_bases) != 1:
            raise TypeError(f"Struct {name} must derive from exactly one csp.Struct type (single inheritance)")
        base = struct_bases[0]
        base_fields: Dict[str, FieldSpec] = dict(base._csp_fields or {})
        if base._csp_fields and bool(strict) != base._csp_strict:
            raise ValueError(f"Struct {name} was declared {'strict' if strict else 'non-strict'} but derives from "
                             f"{base.__name__} which is {'strict' if base._csp_strict else 'non-strict'}")
        own = _own_fields(name, namespace, base_fields, strict)
        if not base_fields and not own:
            raise TypeError("Struct types must define at least 1 field")
        namespace["__slots__"] = ()
        cls = super().__new__(mcs, name, bases, namespace, **kwargs)
        cls._csp_fields = {**base_fields, **own}
        cls._csp_strict = bool(strict)
        cls._csp_names = tuple(cls._csp_fields)
        _layout(cls, base, own)
        return cls

    def __init__(cls, name, bases, namespace, strict: bool = False, **kwargs):
        super().__init__(name, bases, namespace, **kwargs)


def _own_fields(name: str, namespace: dict, base_fields: Dict[str, FieldSpec], strict: bool) -> Dict[str, FieldSpec]:
    """The fields a class body declares, with their defaults removed from ``namespace``."""
    annotations = namespace.get("__annotations__", {})
    module_globals = vars(sys.modules.get(namespace.get("__module__"), typing))
    own: Dict[str, FieldSpec] = {}
    for field_name, annotation in annotations.items():
        if isinstance(annotation, str):
            try:
                annotation = eval(annotation, module_globals, dict(namespace))  # noqa: S307 - a postponed annotation
            except Exception:
                raise TypeError(f"struct field '{field_name}' expected field annotation as a type got 'str'") from None
        if typing.get_origin(annotation) is typing.ClassVar:
            continue
        try:
            ftype = field_type(annotation, strict)
        except TypeError as error:
            raise TypeError(f"struct field '{field_name}' {error}") from None
        base = base_fields.get(field_name)
        if base is not None:
            if (base.type.kind, base.type.py_type) != (ftype.kind, ftype.py_type):
                raise TypeError(f"Field '{field_name}' on struct {name} has type incompatible with base field type: "
                                f"base type is {base.type.annotation!r}, derived type is {annotation!r}")
            raise ValueError(f"csp Struct {name} attempted to add existing field {field_name} which is not allowed")
        default = namespace.pop(field_name, _UNSET)
        if default is not _UNSET:
            try:
                default = ftype.check(default)
            except FieldTypeError as error:
                raise TypeError(f"on field '{field_name}' : {error} (struct {name})") from None
        own[field_name] = FieldSpec(field_name, ftype, default)
    return own


# ------------------------------------------------------------ C++ layout

# Field kinds stored as C++ values; other fields hold Python objects.
_NATIVE_STORAGE = frozenset(("bool", "int", "float", "str", "datetime", "timedelta", "date", "time", "enum", "struct"))


def _checked(cls, name: str, convert):
    """``convert`` raising the struct's TypeError (naming field and struct) for values that do not fit."""

    def check(value):
        try:
            return convert(value)
        except FieldTypeError as error:
            raise _field_error(cls, name, error) from None

    return check


def _copy_list(value):
    if type(value) is FastListValue:
        return value.field_copy()
    return TypedList.of(value._elem, value)


def _native_field(cls, spec: FieldSpec) -> tuple:
    """The description of one field that ``_native.define_struct`` takes."""
    ftype = spec.type
    kind = ftype.kind if ftype.kind in _NATIVE_STORAGE and not ftype.optional else "object"
    if ftype.kind == "object":
        convert = None  # anything goes, stored as is
    else:
        convert = _checked(cls, spec.name, ftype.convert)
    exact = ftype.exact if kind in ("object", "enum") and not ftype.optional else None
    copier = _copy_list if ftype.kind == "list" else None
    nested = ftype.py_type if kind == "struct" else None
    has_default = spec.default is not _UNSET
    return (spec.name, kind, exact, convert, copier, nested, spec.default if has_default else None, has_default,
            spec.copy_default)


def _layout(cls, base, own: Dict[str, FieldSpec]) -> None:
    """Gives ``cls`` its C++ layout and one descriptor per field it declares."""
    _native.define_struct(cls, base if base._csp_fields is not None else None,
                          [_native_field(cls, spec) for spec in own.values()], cls._csp_strict)


def _rebuild(cls, state: Dict[str, Any]):
    """Unpickles a struct: ``state`` holds the set fields."""
    obj = cls.__new__(cls)
    for name, value in state.items():
        setattr(obj, name, value)
    return obj


# ------------------------------------------------------------ value helpers

def _hashable(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return "nan"  # every NaN hashes alike, as they compare equal
    if isinstance(value, (list, tuple, FastListValue)):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return frozenset((k, _hashable(v)) for k, v in value.items())
    if isinstance(value, set):
        return frozenset(value)
    if isinstance(value, np.ndarray):  # as the reference: a struct holding an array is unhashable
        raise TypeError("unhashable type: 'numpy.ndarray'")
    try:
        hash(value)
    except TypeError:
        return id(value)
    return value


_native.set_struct_helpers(_UNSET, _hashable, _copy.deepcopy)


def _shallow(value: Any) -> Any:
    if type(value) is FastListValue:
        return value.field_copy()
    return TypedList.of(value._elem, value) if type(value) is TypedList else value


def _common_fields(target, source, verb: str) -> Tuple[str, ...]:
    """Fields shared by ``target`` and ``source`` (of the same struct lineage) for copy/update_from."""
    if not isinstance(source, Struct):
        raise TypeError(f"Attempting to {verb} from non-struct type {type(source).__name__}")
    target_type, source_type = type(target), type(source)
    if issubclass(target_type, source_type):
        return source_type._csp_names
    if issubclass(source_type, target_type):
        return target_type._csp_names
    common = next((t for t in source_type.__mro__ if is_struct_type(t) and issubclass(target_type, t)), None)
    if common is None:
        raise TypeError(f"Attempting to {verb} from struct type '{source_type.__name__}' to struct type "
                        f"'{target_type.__name__}'. {verb}_from may only be used to {verb} from "
                        "struct with a common base type")
    return common._csp_names


# ------------------------------------------------------------ graph-time helpers

class StructOperations:
    """``Struct.fromts`` and ``Struct.collectts`` build nodes, which live above structs: the struct
    nodes (csp.impl.struct_nodes) provide them when imported, as the ``csp`` package does."""

    def __init__(self) -> None:
        def missing(*args):
            raise RuntimeError("Struct.fromts / collectts need the csp package: import csp")

        self.fromts: Callable[..., Any] = missing
        self.collectts: Callable[..., Any] = missing


struct_operations = StructOperations()


# ------------------------------------------------------------ the base class

class Struct(_native.StructBase, metaclass=StructMeta):
    """Base class of typed records; see the module documentation."""

    _csp_root = True
    __slots__ = ()

    # ---- class information
    @classmethod
    def metadata(cls, typed: bool = False) -> Dict[str, Any]:
        """``{field: type}``; ``List[T]`` shows as ``[T]`` and non-strict ``Optional`` as ``object``
        unless ``typed``, which gives the annotations as declared."""
        return {name: (spec.type.annotation if typed else spec.type.meta) for name, spec in cls._csp_fields.items()}

    @classmethod
    def optional_fields(cls) -> set:
        """Names of the ``Optional`` fields of a strict struct (empty for a non-strict one)."""
        if not cls._csp_strict:
            return set()
        return {name for name, spec in cls._csp_fields.items() if spec.type.optional}

    @classmethod
    def is_strict(cls) -> bool:
        return cls._csp_strict

    @classmethod
    def default_field_map(cls) -> Dict[str, str]:
        return {name: name for name in cls._csp_names}

    # ---- instance protocol
    def __repr__(self) -> str:
        return self._format(False)

    def __str__(self) -> str:
        return self._format(True)

    def _format(self, show_unset: bool) -> str:
        parts = []
        for (name, spec), value in zip(type(self)._csp_fields.items(), self._csp_values()):
            if value is not _UNSET:
                parts.append(f"{name}={spec.type.format(value, show_unset)}")
            elif show_unset:
                parts.append(f"{name}=<unset>")
        return f"{type(self).__name__}( {', '.join(parts)} )"

    def __reduce__(self):
        state = {}
        for name in type(self)._csp_names:
            value = getattr(self, name, _UNSET)
            if value is not _UNSET:
                state[name] = list(value) if type(value) in (TypedList, FastListValue) else value
        return (_rebuild, (type(self), state))

    def __deepcopy__(self, memo):
        return self.deepcopy(memo)

    # ---- copying and updating (copy, clear, all_fields_set and equality are C++: csp._native.StructBase)
    def deepcopy(self, memo=None):
        """A deep copy: nested structs, lists and other values are copied too."""
        cls = type(self)
        new = cls.__new__(cls)
        memo = {} if memo is None else memo
        memo[id(self)] = new
        for name in cls._csp_names:
            value = getattr(self, name, _UNSET)
            if value is not _UNSET:
                _object_setattr(new, name, _copy.deepcopy(value, memo))
        return new

    def update(self, **kwargs) -> None:
        """Sets the given fields (validated)."""
        for name, value in kwargs.items():
            setattr(self, name, value)

    def copy_from(self, other) -> None:
        """Makes the fields shared with ``other`` (same lineage) equal to its fields, unset ones included."""
        self._assign_from(other, "copy", _shallow, True)

    def deepcopy_from(self, other) -> None:
        """``copy_from`` with deep copies of the values."""
        self._assign_from(other, "copy", _copy.deepcopy, True)

    def update_from(self, other) -> None:
        """Sets the fields that are set in ``other`` (same lineage); leaves the others."""
        self._assign_from(other, "update", _shallow, False)

    def _assign_from(self, other, verb: str, copy_value, unset_missing: bool) -> None:
        for name in _common_fields(self, other, verb):
            value = getattr(other, name, _UNSET)
            if value is not _UNSET:
                _object_setattr(self, name, copy_value(value))
            elif unset_missing and getattr(self, name, _UNSET) is not _UNSET:
                _object_delattr(self, name)

    # ---- conversions (csp.impl.struct_serialize)
    def to_dict(self, callback=None, preserve_enums: bool = False) -> Dict[str, Any]:
        """The set fields as a dict; nested structs become dicts, enums their names."""
        return to_dict(self, callback, preserve_enums)

    def to_dict_depr(self) -> Dict[str, Any]:
        """The older to_dict: the set fields in declaration order, enums as names, nested structs as dicts."""
        return to_dict_depr(self)

    def to_json(self, callback=None) -> str:
        """The set fields as a JSON object (see :mod:`csp.impl.struct_serialize`)."""
        return to_json(self, callback)

    @classmethod
    def from_dict(cls, json: dict, use_pydantic: bool = False):
        """A struct from a dict as ``to_dict`` makes (nested dicts, enum names...)."""
        return from_dict(cls, json)

    # ---- graph-time helpers (csp.impl.struct_nodes)
    @classmethod
    def fromts(cls, trigger=None, /, **edges):
        """An edge of ``cls`` built from one edge per field: ticks when any (or ``trigger``) ticks."""
        return struct_operations.fromts(cls, trigger, edges)

    @classmethod
    def collectts(cls, **edges):
        """An edge of ``cls`` holding only the fields whose edges ticked in this cycle."""
        return struct_operations.collectts(cls, edges)


# ---- structs defined from data

def define_struct(name, metadata: dict, defaults: dict = {}, base=Struct, strict: bool = False):  # noqa: B006
    """A Struct class named ``name`` with fields ``{field: type}`` and ``defaults`` ``{field: value}``.

    As the class statement ``class name(base, strict=strict)`` with those
    annotations and default values; field types are checked the same way.
    """
    namespace = {"__annotations__": dict(metadata), "__module__": __name__, "__qualname__": name, **defaults}
    return StructMeta(name, (base,), namespace, strict=strict)


def define_nested_struct(name, metadata: dict, defaults: dict = {}, base=Struct):  # noqa: B006
    """``define_struct`` where a field's type may be a dict of fields: a nested Struct named ``<name>_<field>``.

    A nested field's default is a dict of the nested struct's defaults; the
    field then defaults to an instance made from them.
    """
    fields, field_defaults = {}, dict(defaults)
    for field, typ in metadata.items():
        if isinstance(typ, dict):
            nested_defaults = field_defaults.get(field, {})
            typ = define_nested_struct(f"{name}_{field}", typ, nested_defaults)
            if field in field_defaults:
                field_defaults[field] = typ()  # the nested class carries the nested defaults
        fields[field] = typ
    return define_struct(name, fields, field_defaults, base)
