"""``Struct.to_dict``, ``Struct.to_json`` and ``Struct.from_dict``.

``to_dict`` keeps the set fields only: nested structs become dicts (also
inside lists, tuples, sets and dict values), enums their member names (or
the members with ``preserve_enums``), ``bytes`` fields strings (bytes held
in ``object`` fields stay bytes); ``datetime`` and the like stay as they
are. ``callback`` converts any other object.

``to_json`` writes the same data as compact JSON (``{"a":1,"b":[1,2]}``):
NaN and infinities are ``null``; ``datetime`` is ISO 8601 in UTC with
microseconds and ``+00:00`` (a naive datetime is taken as UTC), ``date``
``YYYY-MM-DD``, ``time`` ``HH:MM:SS.ffffff``, ``timedelta`` signed seconds
(``"+1.500000"``); floats use the shortest digits, in fixed notation for
exponents from -5 to 20 (``100000000000000000000.0``, ``1e21``).
Other objects go through ``callback`` or raise ``ValueError``.

Both write fields in the reference's storage order (``field_order``): each
class's own fields after its base's, strings and bytes first, then typed
lists, other Python objects (structs, ``Optional``, containers), then the
native 8-byte values (int, float, enum, datetime, timedelta, time), dates and
bools last; equal ones as the reference's unstable sort leaves them.

``from_dict`` is the inverse of ``to_dict``: nested dicts become structs,
enum names (or values) members (an unknown name is a ValueError), and other
values are converted with the field type (``int("5")``, ``timedelta(90)``
is 90 days; the keys and values of ``Dict[K, V]``, the items of ``Set[T]``
and ``Tuple[T, ...]`` too; ``Optional[...]`` values are kept as they are). Beyond the reference, to_json's strings are accepted for
date/time fields (the reference raises TypeError), so
``from_dict(json.loads(s.to_json()))`` round-trips.
"""

from __future__ import annotations

import json
import typing
import weakref
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any, Callable, Iterator, List, Optional, Tuple

from csp import _native
from csp.impl.enum import Enum
from csp.impl.introsort import std_sort
from csp.impl.struct_fields import UNSET_FIELD as _UNSET, FieldType, field_type, type_name
from csp.impl.types.typing_utils import FastListValue

_StructBase = _native.StructBase  # the base of every csp.Struct class

__all__ = ["field_order", "from_dict", "to_dict", "to_dict_depr", "to_json"]

_PLAIN = (bool, int, float, str, type(None), datetime, date, time, timedelta)


# ---------------------------------------------------------------- field order

# (is native, -size in bytes) of each field kind in the reference's storage; sorted ascending.
_NATIVE_8 = ("int", "float", "enum", "datetime", "timedelta", "time")
_STORAGE_KEY = {"str": (0, -32), "bytes": (0, -32), "list": (0, -24), "date": (1, -4), "bool": (1, -1),
                **{kind: (1, -8) for kind in _NATIVE_8}}
_OTHER_KEY = (0, -8)  # structs, Optional (non-strict), containers, objects, arrays

_ORDERS: "weakref.WeakKeyDictionary[type, Tuple[int, ...]]" = weakref.WeakKeyDictionary()


def field_order(cls) -> Tuple[str, ...]:
    """The names of ``cls``'s fields in the order to_dict / to_json write them."""
    return tuple(cls._csp_names[i] for i in _field_positions(cls))


def _field_positions(cls) -> Tuple[int, ...]:
    """Indexes into ``cls._csp_names`` in field_order (cached per class)."""
    positions = _ORDERS.get(cls)
    if positions is None:
        names = cls._csp_names
        index = {name: i for i, name in enumerate(names)}
        positions = tuple(index[name] for name in _ordered_names(cls))
        _ORDERS[cls] = positions
    return positions


def _ordered_names(cls) -> List[str]:
    base = next((b for b in cls.__bases__ if issubclass(b, _StructBase) and getattr(b, "_csp_fields", None)), None)
    inherited = _ordered_names(base) if base is not None else []
    own = [(name, spec) for name, spec in cls._csp_fields.items() if base is None or name not in base._csp_fields]

    def less(a, b):
        return _STORAGE_KEY.get(a[1].type.kind, _OTHER_KEY) < _STORAGE_KEY.get(b[1].type.kind, _OTHER_KEY)

    return inherited + [name for name, _ in std_sort(own, less)]


def _set_fields(struct: _StructBase) -> Iterator[Tuple[str, Any]]:
    """(name, value) of the set fields of ``struct``, in field_order."""
    cls = type(struct)
    names, values = cls._csp_names, struct._csp_values()
    for i in _field_positions(cls):
        if values[i] is not _UNSET:
            yield names[i], values[i]


def _field_to_python(value: Any, ftype: FieldType, callback, preserve_enums: bool) -> Any:
    """A field's value for to_dict: ``bytes`` fields (and lists of them) become strings (UTF-8, strict)."""
    if ftype.kind == "bytes":
        return value.decode()
    if ftype.kind == "list" and ftype.elem.kind == "bytes":
        return [item.decode() for item in value]
    return _to_python(value, callback, preserve_enums)


# ---------------------------------------------------------------- to_dict

def to_dict(struct: _StructBase, callback: Optional[Callable[[Any], Any]] = None, preserve_enums: bool = False) -> dict:
    return _to_python(struct, callback, preserve_enums)


def _to_python(value: Any, callback, preserve_enums: bool) -> Any:
    if isinstance(value, _StructBase):
        fields = type(value)._csp_fields
        return {name: _field_to_python(field_value, fields[name].type, callback, preserve_enums)
                for name, field_value in _set_fields(value)}
    if isinstance(value, Enum):
        return value if preserve_enums else value.name
    if isinstance(value, _PLAIN) or isinstance(value, bytes):  # bytes in an object field stay bytes
        return value
    if isinstance(value, (list, FastListValue)):
        return [_to_python(v, callback, preserve_enums) for v in value]
    if isinstance(value, tuple):
        return tuple(_to_python(v, callback, preserve_enums) for v in value)
    if isinstance(value, (set, frozenset)):
        return type(value)(_to_python(v, callback, preserve_enums) for v in value)
    if isinstance(value, dict):
        return {k: _to_python(v, callback, preserve_enums) for k, v in value.items()}
    return callback(value) if callback is not None else value


def to_dict_depr(struct: _StructBase) -> dict:
    """The older to_dict: declaration order, enums as names, nested structs as dicts, everything else as is."""
    return _to_python_declared(struct)


def _to_python_declared(value: Any) -> Any:
    if isinstance(value, _StructBase):
        return {name: _to_python_declared(v) for name, v in zip(type(value)._csp_names, value._csp_values())
                if v is not _UNSET}
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, list):
        return [_to_python_declared(v) for v in value]
    if isinstance(value, (tuple, set, frozenset)):
        return type(value)(_to_python_declared(v) for v in value)
    if isinstance(value, dict):
        return {k: _to_python_declared(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------- to_json

def to_json(struct: _StructBase, callback: Optional[Callable[[Any], Any]] = None) -> str:
    parts: List[str] = []
    _write_json(struct, parts, callback)
    return "".join(parts)


def _write_json(value: Any, out: List[str], callback, from_callback: bool = False) -> None:
    if value is None:
        out.append("null")
    elif value is True or value is False:
        out.append("true" if value else "false")
    elif isinstance(value, Enum):
        out.append(json.dumps(value.name))
    elif isinstance(value, int):
        out.append(str(int(value)))
    elif isinstance(value, float):
        out.append(json_float(value))
    elif isinstance(value, str):
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, bytes):
        out.append(json.dumps(value.decode(), ensure_ascii=False))
    elif isinstance(value, _StructBase):
        _write_object(_set_fields(value), out, callback)
    elif isinstance(value, dict):
        _write_object(((k.name if isinstance(k, Enum) else str(k), v) for k, v in value.items()), out, callback)
    elif isinstance(value, (list, tuple, FastListValue)):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _write_json(item, out, callback)
        out.append("]")
    elif isinstance(value, (datetime, date, time, timedelta)):
        out.append(f'"{json_time(value)}"')
    elif callback is not None and not from_callback:
        _write_json(callback(value), out, callback, True)
    else:
        raise ValueError(f"Cannot serialize value of type: {type_name(type(value))}")


def _write_object(items, out: List[str], callback) -> None:
    out.append("{")
    first = True
    for key, value in items:
        if value is _UNSET:
            continue
        if not first:
            out.append(",")
        first = False
        out.append(json.dumps(key, ensure_ascii=False))
        out.append(":")
        _write_json(value, out, callback)
    out.append("}")


def json_float(value: float) -> str:
    """A float as JSON: shortest round-trip digits, ``null`` for NaN and infinities."""
    if value != value or value in (float("inf"), float("-inf")):
        return "null"
    sign, digits, exponent = Decimal(repr(float(value))).as_tuple()  # float(): numpy floats repr as np.float64(x)
    text = "".join(map(str, digits)).rstrip("0") or "0"
    exponent += len(digits) - len(text)  # drop trailing zeros of the mantissa
    k, point = len(text), len(text) + exponent  # point: position of the decimal point in the digits
    prefix = "-" if sign else ""
    if k <= point <= 21:
        return f"{prefix}{text}{'0' * (point - k)}.0"
    if 0 < point <= 21:
        return f"{prefix}{text[:point]}.{text[point:]}"
    if -6 < point <= 0:
        return f"{prefix}0.{'0' * -point}{text}"
    mantissa = text if k == 1 else f"{text[0]}.{text[1:]}"
    return f"{prefix}{mantissa}e{point - 1}"


def json_time(value: Any) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.strftime("%Y-%m-%dT%H:%M:%S.%f") + "+00:00"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S.%f")
    sign = "-" if value < timedelta() else "+"
    magnitude = abs(value)
    return f"{sign}{magnitude.days * 86400 + magnitude.seconds}.{magnitude.microseconds:06d}"


# ---------------------------------------------------------------- from_dict

def from_dict(cls, data: Any):
    if not isinstance(data, dict):
        raise TypeError("Representation of struct as json is expected to be of dict type")
    kwargs = {}
    fields = cls._csp_fields
    for key, value in data.items():
        spec = fields.get(key)
        if spec is None:
            raise KeyError(f"Unexpected key {key} for type {cls}")
        kwargs[key] = _from_python(value, spec.type)
    return cls(**kwargs)


def _from_python(value: Any, ftype: FieldType) -> Any:
    if value is None:
        return None
    kind, typ = ftype.kind, ftype.py_type
    if kind == "struct":
        return from_dict(typ, value)
    if kind == "list":
        return [_from_python(item, ftype.elem) for item in value]
    if kind == "enum":
        if isinstance(value, typ):
            return value
        if isinstance(value, str):
            if value not in typ.__members__:
                raise ValueError(f"{value!r} is not a valid {typ.__name__}")
            return typ[value]
        return typ(value)
    if kind in ("int", "float", "bool", "str", "bytes"):
        return value if isinstance(value, typ) else typ(value)
    if kind in ("datetime", "date", "time", "timedelta"):
        return value if isinstance(value, typ) else _parse_time(kind, value)
    if kind == "class":
        return _from_python_container(value, ftype.annotation)
    return value


def _from_python_container(value: Any, annotation: Any) -> Any:
    """Dict[K, V], Set[T] and Tuple[T, ...] values with their items converted (a tuple's by its first type)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if not args:
        return value
    if origin is dict and isinstance(value, dict):
        key_type, value_type = field_type(args[0]), field_type(args[1])
        return {_from_python(k, key_type): _from_python(v, value_type) for k, v in value.items()}
    if origin in (set, tuple) and isinstance(value, (list, tuple, set, frozenset)):
        item_type = field_type(args[0])
        return origin(_from_python(item, item_type) for item in value)
    return value


def _parse_time(kind: str, value: Any) -> Any:
    if kind == "timedelta":
        # a number is days, as timedelta(n) (the reference); a string is to_json's signed seconds
        return timedelta(seconds=float(value)) if isinstance(value, str) else timedelta(value)
    if not isinstance(value, str):
        return value  # left for the field's validation to reject
    if kind == "datetime":
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
        return parsed
    return date.fromisoformat(value) if kind == "date" else time.fromisoformat(value)
