"""What DBReader does with the rows it reads (private): time values to UTC,
column values to struct fields, and the errors that name the row at fault."""

from __future__ import annotations

import enum
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Callable, List, Optional, Tuple

from csp.impl.struct import is_struct_type

UTC = timezone.utc


def as_tzinfo(tz):
    """``tz`` (None, a tzinfo or a zone name such as "America/New_York") as a tzinfo or None."""
    if tz is None or not isinstance(tz, str):
        return tz
    import zoneinfo

    return zoneinfo.ZoneInfo(tz)


def localize(value: datetime, tz) -> datetime:
    """A naive ``value`` local to ``tz`` as an aware datetime (pytz zones through ``localize``)."""
    if hasattr(tz, "localize"):
        return tz.localize(value)
    return value.replace(tzinfo=tz)


def to_utc(value: datetime, tz, column: str) -> datetime:
    """``value`` as a naive UTC datetime: aware values convert, naive ones are local to ``tz``.

    Raises ValueError for a naive value without ``tz`` (as the reference: the zone must be known).
    """
    if value.tzinfo is None:
        if type(tz) is timezone:  # a fixed offset (UTC included): no zone rules to look up
            return value - tz.utcoffset(None)
        if tz is None:
            raise ValueError(f"column {column!r} holds times without a time zone and no tz was given: pass "
                             f"tz= to the time accessor (e.g. tz=datetime.timezone.utc)")
        value = localize(value, tz)
    return value.astimezone(UTC).replace(tzinfo=None)


def local_bound(value: datetime, tz):
    """A run bound (aware, UTC) as the column holds it: local naive with ``tz``, else aware."""
    return value.astimezone(tz).replace(tzinfo=None) if tz is not None else value


def as_datetime(value, column: str) -> datetime:
    """A time column's value as a datetime (SQLite gives text when the column type is unknown)."""
    if value is None:
        raise ValueError(f"column {column!r} is NULL")
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        return datetime.fromisoformat(value)
    if isinstance(value, date):
        return datetime.combine(value, time())
    raise TypeError(f"column {column!r} holds {type(value).__name__} {value!r}, not a datetime")


def as_date(value, column: str) -> date:
    if value is None:
        raise ValueError(f"column {column!r} is NULL")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    raise TypeError(f"column {column!r} holds {type(value).__name__} {value!r}, not a date")


def as_time(value, column: str) -> time:
    if value is None:
        raise ValueError(f"column {column!r} is NULL")
    if isinstance(value, time):
        return value
    if isinstance(value, timedelta):  # MySQL-style TIME values
        return (datetime.min + value).time()
    if isinstance(value, str):
        return time.fromisoformat(value)
    raise TypeError(f"column {column!r} holds {type(value).__name__} {value!r}, not a time")


# ------------------------------------------------------------ column value -> field value

def _to_datetime(value):
    value = as_datetime(value, "")
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo is not None else value


def _to_float(value):
    return value if type(value) is float else float(value)


def _to_int(value):
    return value if type(value) is int else int(value)


def _to_str(value):
    if type(value) is str:
        return value
    return value.decode() if isinstance(value, bytes) else str(value)


def _to_timedelta(value):
    if isinstance(value, timedelta):
        return value
    raise TypeError(f"{type(value).__name__} is not a timedelta")


def _enum_converter(enum_type) -> Callable[[Any], Any]:
    def convert(value):
        return enum_type[value] if isinstance(value, str) else enum_type(value)

    return convert


_CONVERTERS = {
    float: _to_float, int: _to_int, bool: bool, str: _to_str, datetime: _to_datetime,
    date: lambda v: as_date(v, ""), time: lambda v: as_time(v, ""), timedelta: _to_timedelta,
}


def converter(py_type) -> Callable[[Any], Any]:
    """How a column value becomes a value of ``py_type``: as ``py_type(value)`` for numbers and text (as the
    reference: an int field truncates a float), times parsed from text, an Enum by member name or value."""
    convert = _CONVERTERS.get(py_type)
    if convert is not None:
        return convert
    if isinstance(py_type, type) and issubclass(py_type, enum.Enum) or hasattr(py_type, "__members__"):
        return _enum_converter(py_type)
    return lambda value: value  # object, lists, structs: the driver's value as is


def sql_type(py_type):
    """The SQLAlchemy type a query column read as ``py_type`` is given (so SQLite parses its text), or None."""
    import sqlalchemy as sa

    return {datetime: sa.DateTime(), date: sa.Date(), time: sa.Time()}.get(py_type)


def python_type(sql_type_) -> type:
    """The Python type of a reflected column type (object when SQLAlchemy does not say)."""
    try:
        return sql_type_.python_type
    except (NotImplementedError, AttributeError):
        return object


class Subscription:
    """What one subscription reads from a row: a struct (``typ`` with [(column, field, convert)]) or one column."""

    def __init__(self, typ, field_map, symbol) -> None:
        self.typ, self.symbol = typ, symbol
        self.is_struct = is_struct_type(typ)
        self.fields: List[Tuple[str, Optional[str], Callable]] = []
        if self.is_struct:
            if field_map is not None and not isinstance(field_map, dict):
                raise TypeError(f"DBReader: field_map for struct {typ.__name__} must be a dict {{column: field}} "
                                f"or None, got {type(field_map).__name__}")
            specs = typ._csp_fields
            mapping = field_map if field_map is not None else {name: name for name in specs}
            for column, field in mapping.items():
                if field not in specs:
                    raise KeyError(f"DBReader: struct {typ.__name__} has no field {field!r} "
                                   f"(field_map {column!r} -> {field!r})")
                self.fields.append((column, field, converter(specs[field].type.py_type)))
        elif isinstance(field_map, str):
            self.fields.append((field_map, None, converter(typ)))
        else:
            raise TypeError(f"DBReader: subscribing to {getattr(typ, '__name__', typ)!r} needs a csp.Struct type, "
                            "or field_map='column' for a single column")

    def columns(self) -> List[str]:
        return [column for column, _, _ in self.fields]

    def column_types(self) -> dict:
        """{column: SQLAlchemy type} for the columns a query must type for this subscription."""
        out = {}
        for column, field, _ in self.fields:
            py_type = self.typ._csp_fields[field].type.py_type if field is not None else self.typ
            typ = sql_type(py_type)
            if typ is not None:
                out[column] = typ
        return out

    def value(self, row, where: Callable[[], str]):
        """The value this subscription ticks for ``row`` (a mapping), or None (a NULL scalar does not tick)."""
        if not self.is_struct:
            column, _, convert = self.fields[0]
            raw = row[column]
            return None if raw is None else self._convert(convert, raw, column, None, where)
        values = {}
        for column, field, convert in self.fields:
            raw = row[column]
            if raw is not None:  # NULL leaves the field unset
                values[field] = self._convert(convert, raw, column, field, where)
        return self.typ(**values)

    def _convert(self, convert, raw, column, field, where):
        try:
            return convert(raw)
        except (TypeError, ValueError, KeyError, OverflowError) as error:
            target = f"field {self.typ.__name__}.{field}" if field is not None else getattr(self.typ, "__name__", "")
            raise ValueError(f"{where()}: column {column!r} value {raw!r} cannot be read as {target}: {error}") from None
