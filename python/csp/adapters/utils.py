"""Message mappers: how network adapters turn messages into values and values into messages.

A mapper describes a wire format (``properties``: ``msg_type``, ``protocol``
and format options, as adapters pass them on) and converts:

* ``mapper.decode(message, typ, field_map=None)``: a message (``bytes`` or
  ``str``) as a value of ``typ``, a ``csp.Struct`` or a scalar type;
* ``mapper.encode(value, field_map=None)``: a value as a message (``str``
  for text mappers, ``bytes`` for bytes mappers).

Field maps follow the adapters' convention: when subscribing (decode)
``{message_field: struct_field}``, when publishing (encode)
``{struct_field: message_field}``; for a nested struct field the value may
be a pair ``(name, nested_field_map)``; ``None`` maps each field to itself.
For a scalar ``typ``, a ``str`` field map names the message field to read.

Mappers:

* ``JSONTextMessageMapper(datetime_type=DateTimeType.UINT64_NANOS)``: JSON
  text; structs are objects of their set fields (nested structs, lists,
  enums by name); datetimes and timedeltas are integers in the unit of
  ``datetime_type`` (``UNKNOWN``: an error for such fields; ISO strings are
  also accepted when decoding datetimes).
* ``RawTextMessageMapper()``: the message as ``str`` (bytes decoded as UTF-8).
* ``RawBytesMessageMapper()``: the message as ``bytes``.
* ``BytesMessageProtoMapper(proto_directory, proto_filename, proto_message)``:
  describes protobuf messages; converting them is not supported here.
"""

from __future__ import annotations

import json
from enum import IntEnum
from typing import Any, Optional, Union

from csp.adapters._json_codec import from_value, to_value
from csp.impl.struct import is_struct_type

__all__ = ["BytesMessageProtoMapper", "DateTimeType", "JSONTextMessageMapper", "MsgMapper", "RawBytesMessageMapper",
           "RawTextMessageMapper", "hash_mutable"]


class DateTimeType(IntEnum):
    """How datetimes and timedeltas are written in a message: integers of this unit since the epoch."""

    UNKNOWN = 0
    UINT64_NANOS = 1
    UINT64_MICROS = 2
    UINT64_MILLIS = 3
    UINT64_SECONDS = 4


_NANOS_PER_UNIT = {DateTimeType.UNKNOWN: None, DateTimeType.UINT64_NANOS: 1, DateTimeType.UINT64_MICROS: 1_000,
                   DateTimeType.UINT64_MILLIS: 1_000_000, DateTimeType.UINT64_SECONDS: 1_000_000_000}


def _as_text(message: Union[bytes, bytearray, str], mapper: str) -> str:
    if isinstance(message, (bytes, bytearray)):
        return bytes(message).decode("utf-8")
    if isinstance(message, str):
        return message
    raise TypeError(f"{mapper}.decode: expected bytes or str, got {type(message).__name__}")


class MsgMapper:
    """A wire format: ``properties`` for the adapter, ``decode``/``encode`` for values (see the module)."""

    def __init__(self, msg_type, protocol):
        self.properties = {"msg_type": msg_type, "protocol": protocol}

    def decode(self, message, typ, field_map=None) -> Any:
        raise NotImplementedError(f"{type(self).__name__} does not convert messages")

    def encode(self, value, field_map=None):
        raise NotImplementedError(f"{type(self).__name__} does not convert messages")


class JSONTextMessageMapper(MsgMapper):
    """JSON text messages; datetimes as integers of ``datetime_type`` units since the epoch."""

    def __init__(self, datetime_type=DateTimeType.UINT64_NANOS):
        if not isinstance(datetime_type, DateTimeType):
            raise TypeError(f"JSONTextMessageMapper: datetime_type must be a DateTimeType, got {datetime_type!r}")
        super().__init__("TEXT_MSG", "JSON")
        self.properties["datetime_type"] = datetime_type.name
        self._unit = _NANOS_PER_UNIT[datetime_type]

    def decode(self, message, typ, field_map: Optional[Union[dict, str]] = None) -> Any:
        text = _as_text(message, type(self).__name__)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"JSONTextMessageMapper.decode: not JSON ({error}): {text[:80]!r}") from None
        return to_value(data, typ, field_map, self._unit)

    def encode(self, value, field_map: Optional[Union[dict, str]] = None) -> str:
        if isinstance(field_map, str):  # a scalar published as one field of an object
            return json.dumps({field_map: from_value(value, None, self._unit, field_map)})
        return json.dumps(from_value(value, field_map, self._unit))


class RawTextMessageMapper(MsgMapper):
    """Messages as text (``str``), unchanged."""

    def __init__(self):
        super().__init__("TEXT_MSG", "RAW_BYTES")

    def decode(self, message, typ=str, field_map=None) -> str:
        return _as_text(message, type(self).__name__)

    def encode(self, value, field_map=None) -> str:
        return value.decode("utf-8") if isinstance(value, (bytes, bytearray)) else str(value)


class RawBytesMessageMapper(MsgMapper):
    """Messages as ``bytes``, unchanged."""

    def __init__(self):
        super().__init__("BYTES_MSG", "RAW_BYTES")

    def decode(self, message, typ=bytes, field_map=None) -> bytes:
        if isinstance(message, str):
            return message.encode("utf-8")
        if not isinstance(message, (bytes, bytearray)):
            raise TypeError(f"RawBytesMessageMapper.decode: expected bytes or str, got {type(message).__name__}")
        return bytes(message)

    def encode(self, value, field_map=None) -> bytes:
        return value.encode("utf-8") if isinstance(value, str) else bytes(value)


class BytesMessageProtoMapper(MsgMapper):
    """Protobuf messages of ``proto_message`` defined in ``proto_directory/proto_filename`` (description only)."""

    def __init__(self, proto_directory, proto_filename, proto_message):
        super().__init__("BYTES_MSG", "PROTOBUF")
        self.properties.update(proto_directory=proto_directory, proto_filename=proto_filename,
                               proto_message=proto_message)


def _checked_meta_field_map(where: str, ts_type, meta_field_map: Optional[dict], supported) -> dict:
    """A subscription's ``meta_field_map`` (meta field -> struct field) as a dict, checked against the meta
    fields an adapter ``supported`` and its struct ``ts_type``; errors name ``where``."""
    meta_field_map = dict(meta_field_map or {})
    unknown = set(meta_field_map) - set(supported)
    if unknown:
        raise ValueError(f"{where}: unknown meta fields {sorted(unknown)}; supported: {list(supported)}")
    if meta_field_map and not is_struct_type(ts_type):
        raise TypeError(f"{where}: meta_field_map needs a csp.Struct ts_type")
    return meta_field_map


def hash_mutable(obj) -> int:
    """A hash of nested dicts, lists, tuples and sets by content (equal contents, equal hashes)."""
    if isinstance(obj, dict):
        return hash(("dict", frozenset((hash_mutable(k), hash_mutable(v)) for k, v in obj.items())))
    if isinstance(obj, (list, tuple)):
        return hash((type(obj).__name__,) + tuple(hash_mutable(v) for v in obj))
    if isinstance(obj, (set, frozenset)):
        return hash(("set", frozenset(hash_mutable(v) for v in obj)))
    return hash(obj)
