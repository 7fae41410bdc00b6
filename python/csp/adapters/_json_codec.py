"""Values to and from JSON-ready Python data (dicts, lists, numbers, strings), by csp type.

``to_value(data, typ, field_map, datetime_unit, where)`` turns parsed JSON
into a value of ``typ``; ``from_value(value, field_map, datetime_unit, where)``
turns a value into JSON-ready data. ``datetime_unit`` is the number of
nanoseconds per wire unit for datetimes and timedeltas (integers on the
wire), or None when the mapper was given no unit. ``where`` names the
position in the message for error messages ("field 'trade.price'").

Field maps: for decoding ``{message_field: struct_field}``, for encoding
``{struct_field: message_field}``; for a nested struct field the value may be
a pair ``(name, nested_field_map)``. ``None`` maps every field to itself.
"""

from __future__ import annotations

import typing
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Dict, Optional, Tuple

from csp.impl.enum import Enum
from csp.impl.struct import Struct, is_struct_type

_EPOCH = datetime(1970, 1, 1)


def _split_target(target, where: str) -> Tuple[str, Optional[dict]]:
    if isinstance(target, str):
        return target, None
    if isinstance(target, tuple) and len(target) == 2 and isinstance(target[0], str) and isinstance(target[1], dict):
        return target
    raise TypeError(f"{where}: a field map entry must be a name or a (name, nested field map) pair, got {target!r}")


def _field_label(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


# ---------------------------------------------------------------- decoding

def to_value(data: Any, typ, field_map: Optional[dict], datetime_unit: Optional[int], where: str = "") -> Any:
    """``data`` (parsed JSON) as a value of ``typ``; TypeError/ValueError name the field at fault."""
    if is_struct_type(typ):
        return _to_struct(data, typ, field_map, datetime_unit, where)
    if isinstance(field_map, str):  # a scalar type read from one field of the message
        if not isinstance(data, dict) or field_map not in data:
            raise ValueError(f"message has no field {field_map!r}")
        return to_value(data[field_map], typ, None, datetime_unit, field_map)
    return _to_scalar(data, typ, datetime_unit, where or "message")


def _to_struct(data, cls, field_map, datetime_unit, where):
    if not isinstance(data, dict):
        raise TypeError(f"{where or 'message'}: expected a JSON object for {cls.__name__}, got {type(data).__name__}")
    types = cls.metadata(typed=True)
    mapping = field_map if field_map is not None else {name: name for name in data if name in types}
    values = {}
    for message_field, target in mapping.items():
        if message_field not in data or data[message_field] is None:
            continue
        name, nested_map = _split_target(target, _field_label(where, message_field))
        if name not in types:
            raise ValueError(f"{cls.__name__} has no field {name!r} (field map entry {message_field!r})")
        values[name] = to_value(data[message_field], types[name], nested_map, datetime_unit,
                                _field_label(where, message_field))
    return cls(**values)


def _to_scalar(data, typ, datetime_unit, where):
    origin = typing.get_origin(typ)
    if origin is list or typ is list:
        if not isinstance(data, list):
            raise TypeError(f"{where}: expected a JSON array, got {type(data).__name__}")
        (element,) = typing.get_args(typ) or (object,)
        return [to_value(item, element, None, datetime_unit, f"{where}[{i}]") for i, item in enumerate(data)]
    if typ in (datetime, timedelta):
        return _to_time(data, typ, datetime_unit, where)
    if isinstance(typ, type) and issubclass(typ, Enum):
        if isinstance(data, str) and data in typ.__members__:
            return typ[data]
        raise ValueError(f"{where}: {data!r} is not a member of {typ.__name__}")
    if typ is float and isinstance(data, (int, float)) and not isinstance(data, bool):
        return float(data)
    if typ is date and isinstance(data, str):
        return date.fromisoformat(data)
    if typ is time and isinstance(data, str):
        return time.fromisoformat(data)
    if typ in (object, typing.Any) or (isinstance(typ, type) and isinstance(data, typ) and
                                       not (typ is int and isinstance(data, bool))):
        return data
    raise TypeError(f"{where}: expected {getattr(typ, '__name__', typ)}, got {type(data).__name__} {data!r}")


def _to_time(data, typ, datetime_unit, where):
    if isinstance(data, str) and typ is datetime:
        value = datetime.fromisoformat(data)
        return value.astimezone(timezone.utc).replace(tzinfo=None) if value.tzinfo else value
    if not isinstance(data, int) or isinstance(data, bool):
        raise TypeError(f"{where}: expected an integer {typ.__name__}, got {type(data).__name__} {data!r}")
    if datetime_unit is None:
        raise ValueError(f"{where}: an integer {typ.__name__} needs the mapper's datetime_type (got UNKNOWN)")
    delta = timedelta(microseconds=data * datetime_unit // 1000)
    return _EPOCH + delta if typ is datetime else delta


_JSON_SCALARS = (int, float, str, bool)


def flat_struct_decoder(typ, field_map: Optional[dict]):
    """A fast decoder of parsed JSON objects into ``typ`` when its mapped fields are all JSON scalars, else None.

    The decoder returns the struct, or None when the object holds anything it
    does not expect (a field it does not map, null, another type): the caller
    then converts with ``to_value``, which gives the value or the error.
    """
    if not is_struct_type(typ):
        return None
    types = typ.metadata()
    mapping = {name: name for name in types} if field_map is None else field_map
    if not isinstance(mapping, dict):
        return None
    plan = {}
    for message_field, target in mapping.items():
        if not isinstance(target, str) or types.get(target) not in _JSON_SCALARS:
            return None
        plan[message_field] = (target, types[target])

    def decode(data):
        if type(data) is not dict:
            return None
        values = {}
        for key, item in data.items():
            entry = plan.get(key)
            if entry is None:
                return None
            name, wanted = entry
            kind = type(item)
            if kind is wanted:
                values[name] = item
            elif wanted is float and kind is int:
                values[name] = float(item)
            else:
                return None
        return typ(**values)

    return decode


# ---------------------------------------------------------------- encoding

def from_value(value: Any, field_map: Optional[dict], datetime_unit: Optional[int], where: str = "") -> Any:
    """``value`` as JSON-ready data: structs as objects of their set fields, datetimes as integers."""
    if isinstance(value, Struct):
        return _from_struct(value, field_map, datetime_unit, where)
    if isinstance(value, (list, tuple)):
        return [from_value(item, None, datetime_unit, f"{where}[{i}]") for i, item in enumerate(value)]
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, (datetime, timedelta)):
        if datetime_unit is None:
            raise ValueError(f"{where or 'value'}: a {type(value).__name__} needs the mapper's datetime_type "
                             "(got UNKNOWN)")
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                value = value.astimezone(timezone.utc).replace(tzinfo=None)
            value = value - _EPOCH
        return (value // timedelta(microseconds=1)) * 1000 // datetime_unit
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): from_value(v, None, datetime_unit, _field_label(where, str(k))) for k, v in value.items()}
    return value


def _from_struct(value: Struct, field_map, datetime_unit, where) -> Dict[str, Any]:
    types = type(value).metadata()
    mapping = field_map if field_map is not None else {name: name for name in types}
    out = {}
    for struct_field, target in mapping.items():
        if struct_field not in types:
            raise ValueError(f"{type(value).__name__} has no field {struct_field!r} (field map entry)")
        if not hasattr(value, struct_field):  # unset fields are left out of the message
            continue
        name, nested_map = _split_target(target, _field_label(where, struct_field))
        out[name] = from_value(getattr(value, struct_field), nested_map, datetime_unit,
                               _field_label(where, struct_field))
    return out
