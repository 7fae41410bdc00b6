"""Reading CSV files into a graph: ``CSVReader``.

::

    reader = CSVReader("trades.csv", YYYYMMDD_TIME_formatter("time"), symbol_column="sym")
    trades = reader.subscribe("AAPL", Trade)                 # ts[Trade], the rows of AAPL
    prices = reader.subscribe_all(float, field_map="price")  # ts[float], every row

Contract (that of the reference csp package, except where noted):

* The first row names the columns. Each row ticks at the time the time
  converter gives it; rows before the run's start are skipped, rows after its
  end are never read. A row earlier than the previous one ticks at the
  previous row's time.
* A Struct subscription reads the columns named like its fields
  (``field_map=None``) or ``field_map={column: field}``; a scalar subscription
  reads ``field_map="column"``. Columns convert by the target type: ``str``
  as is, ``int`` and ``float`` as Python's ``int()``/``float()`` would
  (an empty or malformed number raises ``ValueError`` naming the file, line
  and column), ``bool`` is true for any non-empty text (Python's
  ``bool(str)``, as the reference), an Enum by member name, other types
  ``typ(text)``. A row too short to have a column leaves that struct field
  unset (a scalar does not tick).
* ``subscribe(symbol, ...)`` takes the rows whose ``symbol_column`` equals
  ``symbol`` (none without a symbol column); ``subscribe_all`` takes all.
* Several rows at one time follow ``push_mode``: NON_COLLAPSING ticks them in
  consecutive cycles, LAST_VALUE keeps the last, BURST ticks a list.
* Time converters: ``YYYYMMDD_TIME_formatter(column, include_fraction, tz)``
  and ``time_converter(column, format_string, tz)`` are parsed in C++ (the
  common strptime directives; see ``csp::csv::TimeFormat``), other
  formats and any ``callable(row_dict) -> datetime`` in Python. With ``tz``
  (a name or a tzinfo), times are local to it and converted to UTC; the
  reference fails on time zones (see the tests).
* Differences from the reference: an unterminated quoted field raises
  ``ValueError`` (the reference reads to the end of the file); a missing column
  raises ``KeyError`` when the run starts with a message naming the file.

The file is read once per run for all subscriptions of one reader, in C++
(``csp._native.CsvSource``), chunk by chunk.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Dict, Optional, Union

from csp import _native
from csp.adapters._file_source import FileReader, mapped_fields, struct_defaults
from csp.impl.enum import Enum
from csp.impl.wiring.adapters import PushMode
from csp.impl.wiring.edge import Edge

__all__ = ["CSVReader", "YYYYMMDD_TIME_formatter", "time_converter"]

# Column kinds, shared with cpp/src/python/csv_adapter.cpp.
_STR, _INT, _FLOAT, _BOOL, _PYTHON = range(5)
_KINDS = {str: _STR, int: _INT, float: _FLOAT, bool: _BOOL}
# strptime directives the C++ parser understands.
_NATIVE_FORMAT = re.compile(r"^(?:[^%]|%[YymdHMSfjXTFDz%])*$")


def _utc_offset_function(tz):
    """``naive local datetime -> its UTC offset`` in ``tz`` (a name, a pytz zone or a tzinfo), or None."""
    if tz is None:
        return None
    if isinstance(tz, str):
        import zoneinfo

        tz = zoneinfo.ZoneInfo(tz)
    if hasattr(tz, "localize"):  # pytz
        return lambda dt: tz.localize(dt).utcoffset()
    return lambda dt: dt.replace(tzinfo=tz).utcoffset()


class TimeConverter:
    """Reads a row's time from ``column`` with a strptime ``format_string``, local to ``tz`` if given.

    Calling it on a row dict (``{column: text}``) gives the time as a UTC naive datetime.
    """

    def __init__(self, column: str, format_string: str, tz=None) -> None:
        self.column = column
        self.format_string = format_string
        self.tz = tz
        self._offset = _utc_offset_function(tz)

    def __call__(self, row: Dict[str, str]) -> datetime:
        value = datetime.strptime(row[self.column], self.format_string)
        if value.tzinfo is not None:
            return value
        return value - self._offset(value) if self._offset is not None else value

    def _spec(self) -> tuple:
        if _NATIVE_FORMAT.match(self.format_string):
            return ("format", self.column, self.format_string, self._offset)
        return ("callable", self)

    def __repr__(self) -> str:
        return f"time_converter({self.column!r}, {self.format_string!r}, tz={self.tz!r})"


def time_converter(column: str, format_string: str, tz=None) -> TimeConverter:
    """A time converter parsing ``column`` with ``datetime.strptime(text, format_string)``."""
    return TimeConverter(column, format_string, tz)


def YYYYMMDD_TIME_formatter(column: str, include_fraction: bool = False, tz=None) -> TimeConverter:  # noqa: N802
    """A time converter for ``20220101 09:30:00`` (``include_fraction``: ``20220101 09:30:00.123456``)."""
    return TimeConverter(column, "%Y%m%d %X.%f" if include_fraction else "%Y%m%d %X", tz)


def _time_spec(converter) -> tuple:
    if isinstance(converter, TimeConverter):
        return converter._spec()
    if not callable(converter):
        raise TypeError(f"time_converter must be callable, got {type(converter).__name__}")

    def call(row):
        value = converter(row)
        if not isinstance(value, datetime):
            raise TypeError(f"time_converter returned {type(value).__name__}, expected datetime")
        return value

    return ("callable", call)


def _column_conversion(typ) -> tuple:
    """(kind, converter or None) for a column read as ``typ``."""
    kind = _KINDS.get(typ)
    if kind is not None:
        return kind, None
    if isinstance(typ, type) and issubclass(typ, Enum):
        return _PYTHON, lambda text: typ[text]
    if typ is object:
        return _STR, None
    return _PYTHON, typ


def _struct_columns(typ, field_map: Optional[Dict[str, str]]) -> tuple:
    """(columns, defaults) for a struct subscription; see CsvSource.subscribe."""
    columns, mapped = [], set()
    for column, field in mapped_fields(typ, field_map):
        ftype = typ._csp_fields[field].type
        if ftype.kind == "list":
            raise TypeError(f"field {field!r} of struct {typ.__name__}: list fields cannot be read from a CSV column")
        kind, convert = _column_conversion(ftype.py_type if ftype.kind not in ("list", "object") else object)
        if kind == _PYTHON or (ftype.kind == "object" and ftype.annotation is not object):
            base = convert or (lambda text: text)
            convert = (lambda b, c: lambda text: c(b(text)))(base, ftype.convert)
            kind = _PYTHON
        columns.append((column, kind, getattr(typ, field), convert))
        mapped.add(field)
    defaults = struct_defaults(typ, mapped, "the CSV file")
    return columns, defaults


class CSVReader(FileReader):
    """Ticks the rows of a CSV file; see the module docstring for the contract."""

    _adapter_name = "csv_adapter"

    def __init__(self, filename: str, time_converter, delimiter: str = ",", symbol_column: Optional[str] = None):
        if not isinstance(delimiter, str) or len(delimiter) != 1:
            raise TypeError("delimiter must be a single character")
        self._filename = str(filename)
        self._time_spec = _time_spec(time_converter)
        self._delimiter = delimiter
        self._symbol_column = symbol_column

    def subscribe(self, symbol, typ, field_map: Union[None, str, Dict[str, str]] = None,
                  push_mode: PushMode = PushMode.NON_COLLAPSING) -> Edge:
        """The rows whose symbol column equals ``symbol``, as ``ts[typ]``."""
        return self._subscribe(str(symbol), typ, field_map, push_mode)

    def subscribe_all(self, typ, field_map: Union[None, str, Dict[str, str]] = None,
                      push_mode: PushMode = PushMode.NON_COLLAPSING) -> Edge:
        """Every row, as ``ts[typ]``."""
        return self._subscribe(None, typ, field_map, push_mode)

    def _struct_columns(self, typ, field_map) -> tuple:
        return _struct_columns(typ, field_map)

    def _scalar_columns(self, typ, column: str, dimensions_column=None) -> list:
        kind, convert = _column_conversion(typ)
        return [(column, kind, None, convert)]

    def _add_source(self, engine):
        return _native.add_csv_source(engine, self._filename, self._delimiter, self._symbol_column, self._time_spec)
