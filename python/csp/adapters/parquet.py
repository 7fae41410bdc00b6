"""Parquet and Arrow IPC files in a graph: ``ParquetReader`` and ``ParquetWriter``.

::

    reader = ParquetReader("trades.parquet", time_column="time", symbol_column="sym")
    trades = reader.subscribe("AAPL", Trade)                  # ts[Trade], the rows of AAPL
    prices = reader.subscribe_all(float, field_map="price")   # ts[float], every row

    writer = ParquetWriter("out.parquet", "time", config=ParquetOutputConfig(batch_size=10000))
    writer.publish("price", prices)                           # a float64 column
    writer.publish_struct(trades)                             # a column per field

Contract (that of the reference csp package, except where noted):

* Reading: the files (a name, a list, or ``fn(starttime, endtime)`` returning
  the names, called when the run starts; read in order) are decoded in C++
  by Arrow (only the columns subscriptions use), and each row ticks at its
  ``time_column`` value (a timestamp of any unit, read as UTC). Rows before
  the run's start are skipped; rows after its end are not read. A row
  earlier than the previous one ticks at the previous row's time.
  ``binary_arrow=True`` reads Arrow IPC stream files instead.
* A Struct subscription reads the columns named like its fields
  (``field_map=None``) or ``field_map={column: field}`` and ticks a struct
  per row (a null leaves its field unset); a scalar subscription reads
  ``field_map="column"`` and does not tick on nulls. Column types: bool,
  integers (as int), floating point (as float), strings (as str, or an Enum
  by member name), timestamps (datetime), durations (timedelta), dates,
  times, and Arrow struct columns (a nested Struct field).
* ``subscribe(symbol, ...)`` takes the rows whose ``symbol_column`` equals
  ``symbol``; ``subscribe_all`` takes all. Several rows at one time follow
  ``push_mode``.
* A missing file or column, or a column of a type that cannot be read as
  the subscribed type, raises when the run starts, naming the file and the
  column (``KeyError`` / ``ValueError`` / ``TypeError``).
* Writing: each engine cycle in which a published series ticks writes one
  row: ``timestamp_column_name`` (timestamp[ns, UTC]; None writes no such
  column) holds the cycle's time, each column its series' value in that
  cycle, or null. ``publish_struct``
  writes a column per field (``field_map={field: column}`` to select and
  rename); a nested Struct field is an Arrow struct column, an Enum its
  member name. Rows are buffered in Arrow builders in C++ and written every
  ``batch_size`` rows (a row group); the file is completed when the run
  stops, also when it fails, so it holds every row before the failure.
  ``write_arrow_binary=True`` writes an Arrow IPC stream instead.
* ``tz`` may only be UTC (as in the reference: other zones raise ValueError).
* ``filename_provider`` (a ts[str]) switches the writer to a new file each
  time it ticks, from that cycle's row on (``file_name`` may then be None:
  no file before its first tick); ``allow_overwrite`` checks ``file_name``
  only. ``file_visitor(name)`` is called as each file is complete.
* ``read_from_memory_tables=True``: ``filename_or_list`` holds Arrow tables
  (``pyarrow.Table`` or anything with ``__arrow_c_stream__``) instead of file
  names. ``time_shift`` is added to every row's time; rows (after the shift)
  outside ``[start_time, end_time]`` are skipped too.
* ``split_columns_to_files=True``: each file name is a directory holding a
  file per column, ``<column>.parquet`` (``.arrow`` for Arrow IPC); the
  writer creates it (and its parents) and gives each file the file metadata
  and its column's metadata. ``allow_overwrite`` checks the column files.
* Dict baskets (split directories only, str keys):
  ``publish_dict_basket(name, {key: ts}, str, T)`` writes, per cycle, a row
  per ticked key in the basket's key order to ``<name>__csp_symbol`` (the
  key) and ``<name>`` (or ``<name>.<field>`` per field of a struct), and the
  number of those rows to ``<name>__csp_value_count`` (uint16) in the main
  row; ``subscribe_dict_basket(T, name, keys)`` reads them back as
  ``{key: ts[T]}``.
* ``column_metadata={column: {key: value}}`` (str values, else TypeError) is
  stored in the columns' Arrow fields; a column not written raises
  ValueError when the run starts.
* Numpy array fields and series: ``Numpy1DArray[T]`` is a ``list<T>`` column;
  ``NumpyNDArray[T]`` is a ``list<T>`` column of its elements (C order) and a
  ``list<int64>`` column of its shape, ``<column>_csp_dimensions`` unless
  ``array_dimensions_column_name`` names it (``publish``, ``subscribe``).
  Written struct columns put array columns first, each shape column just
  before its array (as the reference). ``T``: float, int, bool or str.

Arrow C++ comes from the pyarrow package (a dependency of csp).
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta, timezone
from typing import Dict, List, Optional

from csp import _native
from csp.adapters import _parquet_split as split_files
from csp.adapters import _parquet_arrays as numpy_arrays
from csp.adapters._file_source import FileReader, mapped_fields, struct_defaults
from csp.impl.enum import Enum
from csp.impl.struct import Struct, is_struct_type
from csp.impl.types.numpy_types import is_array_type
from csp.impl.wiring.adapters import PushMode
from csp.impl.wiring.edge import Edge
from csp.impl.wiring.instances import NodeInstance

__all__ = ["ParquetOutputConfig", "ParquetReader", "ParquetWriter"]

if not hasattr(_native, "add_parquet_source"):
    raise ImportError("csp was built without the Parquet adapters (CMake option CSP_WITH_PARQUET=OFF, or pyarrow "
                      "was not installed when csp was built)")

# Value kinds, shared with cpp/src/python/parquet_values.h.
_BOOL, _INT, _FLOAT, _STR, _DATETIME, _TIMEDELTA, _DATE, _TIME, _ENUM, _STRUCT = range(10)
_SCALAR_KINDS = {bool: _BOOL, int: _INT, float: _FLOAT, str: _STR, datetime: _DATETIME, timedelta: _TIMEDELTA}
_EPOCH = date(1970, 1, 1)
_NANOS_PER_DAY = 86400 * 10**9


def _time_from_nanos(nanos: int) -> time:
    seconds, nanos = divmod(nanos, 10**9)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return time(hour, minute, second, nanos // 1000)


def _time_to_nanos(value: time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 10**9 + value.microsecond * 1000


_DATE_EXTRA = (lambda days: _EPOCH + timedelta(days=days), lambda value: (value - _EPOCH).days)
_TIME_EXTRA = (_time_from_nanos, _time_to_nanos)


def _conversion(typ, where: str) -> tuple:
    """(kind, extra) for values of ``typ``; see cpp/src/python/parquet_values.h."""
    array = numpy_arrays.array_conversion(typ, where, _SCALAR_KINDS)
    if array is not None:
        return array
    kind = _SCALAR_KINDS.get(typ)
    if kind is not None:
        return kind, None
    if typ is date:
        return _DATE, _DATE_EXTRA
    if typ is time:
        return _TIME, _TIME_EXTRA
    if isinstance(typ, type) and issubclass(typ, Enum):
        return _ENUM, typ
    if is_struct_type(typ):
        fields = [(name, getattr(typ, name)) + _conversion(_field_type(typ, name), f"{where}.{name}")
                  for name in typ._csp_fields]
        return _STRUCT, (typ, fields)
    raise TypeError(f"{where}: type {getattr(typ, '__name__', typ)} cannot be read from or written to Parquet")


def _field_type(cls, field: str):
    ftype = cls._csp_fields[field].type
    if ftype.kind == "list":
        raise TypeError(f"field {field!r} of struct {cls.__name__}: list fields are not supported by Parquet adapters")
    return ftype.annotation if is_array_type(ftype.annotation) else ftype.py_type


def _field_columns(cls, fields_to_columns: Dict[str, str]) -> list:
    """[(column, field descriptor, kind, extra)] writing (or reading) struct fields as ``{field: column}``."""
    columns = []
    for field, column in fields_to_columns.items():
        if field not in cls._csp_fields:
            raise KeyError(f"struct {cls.__name__} has no field {field!r}")
        kind, extra = _conversion(_field_type(cls, field), f"field {field!r} of struct {cls.__name__}")
        columns.append((column, getattr(cls, field), kind, extra))
    return columns


class ParquetOutputConfig(Struct):
    """Options of a ParquetWriter."""

    allow_overwrite: bool = False
    batch_size: int = 32768
    compression: str
    write_arrow_binary: bool = False
    write_dictionary: bool = True


def _not_supported(**options) -> None:
    for name, value in options.items():
        if value:
            raise NotImplementedError(f"Parquet adapters: {name} is not supported")


# ---------------------------------------------------------------------------------------------- reading


def _check_utc(tz) -> None:
    """Timestamps are read as UTC: ``tz`` may only be None or UTC (as in the reference)."""
    if tz is None:
        return
    name = tz if isinstance(tz, str) else (getattr(tz, "zone", None) or getattr(tz, "key", None) or str(tz))
    if name not in ("UTC", "Etc/UTC") and not (isinstance(tz, timezone) and tz.utcoffset(None) == timedelta(0)):
        raise ValueError(f"Only UTC default timezone is supported, got: {name}")


def _struct_columns(typ, field_map: Optional[Dict[str, str]]) -> tuple:
    """(columns, defaults) of a struct subscription: columns are (column, descriptor, kind, extra)."""
    columns, mapped = [], set()
    for column, field in mapped_fields(typ, field_map):
        kind, extra = _conversion(_field_type(typ, field), f"field {field!r} of struct {typ.__name__}")
        columns.append((column, getattr(typ, field), kind, extra))
        mapped.add(field)
    defaults = struct_defaults(typ, mapped, "the Parquet files")
    return numpy_arrays.for_reading(columns), defaults


class ParquetReader(FileReader):
    """Ticks the rows of Parquet (or Arrow IPC) files; see the module docstring for the contract."""

    _adapter_name = "parquet_adapter"

    def __init__(self, filename_or_list, symbol_column=None, time_column=None, binary_arrow=False, tz=None,
                 start_time=None, end_time=None, split_columns_to_files=False, read_from_memory_tables=False,
                 allow_overlapping_periods=False, time_shift: timedelta = None, allow_missing_columns=False,
                 allow_missing_files=False):
        _check_utc(tz)
        if time_column is None:
            raise TypeError("ParquetReader needs time_column")
        if split_columns_to_files and read_from_memory_tables:
            raise ValueError("ParquetReader: split_columns_to_files reads directories, not in-memory tables")
        self._split = bool(split_columns_to_files)
        self._columns_read = []  # by the subscriptions (split directories read these files)
        self._baskets = {}  # dict basket name -> _BasketReader
        self._memory_tables = bool(read_from_memory_tables)
        self._window = (time_shift, start_time, end_time)
        if isinstance(filename_or_list, (str, os.PathLike)) or hasattr(filename_or_list, "__arrow_c_stream__"):
            filename_or_list = [filename_or_list]
        if self._memory_tables:
            self._paths = list(filename_or_list)
        elif callable(filename_or_list):
            provider = filename_or_list
            self._paths = lambda start, end: [os.fspath(f) for f in provider(start, end)]
        else:
            self._paths = [os.fspath(f) for f in filename_or_list]
        self._symbol_column = symbol_column
        self._time_column = time_column
        self._binary_arrow = bool(binary_arrow)
        self._allow_missing_columns = bool(allow_missing_columns)
        self._allow_missing_files = bool(allow_missing_files)

    def subscribe(self, symbol, typ, field_map=None, push_mode: PushMode = PushMode.NON_COLLAPSING,
                  array_dimensions_column_name=None) -> Edge:
        """The rows whose symbol column equals ``symbol``, as ``ts[typ]``; an N-D array ``typ`` reads its shapes
        from ``array_dimensions_column_name`` (by default ``<column>_csp_dimensions``)."""
        if self._symbol_column is None:
            raise ValueError("ParquetReader.subscribe needs a symbol_column (use subscribe_all)")
        return self._subscribe(str(symbol), typ, field_map, push_mode, array_dimensions_column_name)

    def subscribe_all(self, typ, field_map=None, push_mode: PushMode = PushMode.NON_COLLAPSING,
                      array_dimensions_column_name=None) -> Edge:
        """Every row, as ``ts[typ]`` (``array_dimensions_column_name`` as for ``subscribe``)."""
        return self._subscribe(None, typ, field_map, push_mode, array_dimensions_column_name)

    def subscribe_dict_basket(self, typ, name, shape, push_mode: PushMode = PushMode.NON_COLLAPSING) -> dict:
        """The dict basket ``name`` written by ``ParquetWriter.publish_dict_basket`` (split directories only):
        ``{key: ts[typ]}`` for each key of ``shape``; a key's series ticks each value written for it."""
        if not self._split:
            raise ValueError(f"subscribe_dict_basket({name!r}): dict baskets are read from split directories "
                             "(split_columns_to_files=True)")
        basket = self._baskets.get(name)
        if basket is None:
            basket = self._baskets[name] = _BasketReader(self, name)
        return {key: basket.subscribe(key, typ, push_mode) for key in shape}

    def _struct_columns(self, typ, field_map) -> tuple:
        columns, defaults = _struct_columns(typ, field_map)
        self._note_columns(columns)
        return columns, defaults

    def _scalar_columns(self, typ, column: str, dimensions_column=None) -> list:
        dimensions = {column: dimensions_column} if dimensions_column else None
        columns = numpy_arrays.for_reading([(column, None) + _conversion(typ, f"column {column!r}")], dimensions)
        self._note_columns(columns)
        return columns

    def _note_columns(self, columns) -> None:
        for column in columns:
            if column[0] not in self._columns_read:
                self._columns_read.append(column[0])

    def _split_provider(self, make_reader):
        """fn(start, end) -> a pyarrow reader per split directory of the run (``make_reader(directory)``)."""
        return split_files.directories_provider(self._paths, self._allow_missing_files, self._binary_arrow,
                                                self._allow_missing_columns, make_reader)

    def _add_source(self, engine):
        if self._split:
            required = [c for c in (self._time_column, self._symbol_column) if c is not None]
            columns = required + [c for c in self._columns_read if c not in required]
            sources = self._split_provider(lambda d: split_files.main_columns_reader(d, columns, required))
            return self._native_source(engine, sources, True, self._symbol_column)
        return self._native_source(engine, self._paths, self._memory_tables, self._symbol_column)

    def _native_source(self, engine, sources, memory_tables: bool, symbol_column):
        return _native.add_parquet_source(engine, sources, memory_tables, self._binary_arrow, self._time_column,
                                          symbol_column, self._allow_missing_columns, self._allow_missing_files,
                                          *self._window)


class _BasketReader(FileReader):
    """The values of one dict basket of a split ParquetReader: a row per value, keyed by its symbol column."""

    _adapter_name = "parquet_adapter"

    def __init__(self, reader: ParquetReader, name: str) -> None:
        self._reader = reader
        self._name = name
        self._value_columns = []

    def subscribe(self, key, typ, push_mode) -> Edge:
        if is_struct_type(typ):
            field_map = {f"{self._name}.{field}": field for field in typ._csp_fields}
        else:
            field_map = self._name
        return self._subscribe(str(key), typ, field_map, push_mode)

    def _struct_columns(self, typ, field_map) -> tuple:
        columns, defaults = _struct_columns(typ, field_map)
        self._note(columns)
        return columns, defaults

    def _scalar_columns(self, typ, column: str, dimensions_column=None) -> list:
        columns = [(column, None) + _conversion(typ, f"dict basket {self._name!r}")]
        self._note(columns)
        return columns

    def _note(self, columns) -> None:
        self._value_columns.extend(c[0] for c in columns if c[0] not in self._value_columns)

    def _add_source(self, engine):
        # The provider lives as long as the engine: it must not refer to the readers (they refer to the engine).
        time_column, name, value_columns = self._reader._time_column, self._name, list(self._value_columns)
        sources = self._reader._split_provider(lambda d: split_files.basket_values_reader(
            d, time_column, name, value_columns))
        return self._reader._native_source(engine, sources, True, split_files.basket_symbol_column(name))


# ---------------------------------------------------------------------------------------------- writing


class _ParquetPublish(NodeInstance):
    """Writes one series (as one column, or a struct's fields as columns) through the writer's ParquetSink."""

    is_root = True

    def __init__(self, writer: "ParquetWriter", edge: Edge, columns: list) -> None:
        super().__init__("parquet_writer", [])
        self._writer = writer
        self._edge = edge
        self._columns = columns
        writer._note_columns(c[0] for c in columns)

    def inputs(self) -> List[Edge]:
        return [self._edge]

    def build(self, engine, native_of) -> list:
        self._writer._sink_for(engine).publish(engine, native_of(self._edge), self._columns)
        return []


class _ParquetBasketPublish(NodeInstance):
    """Writes a dict basket of series (values, keys and counts in split files) through the writer's ParquetSink."""

    is_root = True

    def __init__(self, writer: "ParquetWriter", name: str, basket: Dict[str, Edge], columns: list) -> None:
        super().__init__("parquet_writer", [])
        self._writer = writer
        self._name = name
        self._keys = list(basket)
        self._edges = list(basket.values())
        self._columns = columns
        writer._note_columns([split_files.basket_count_column(name), split_files.basket_symbol_column(name)] +
                             [c[0] for c in columns])

    def inputs(self) -> List[Edge]:
        return self._edges

    def build(self, engine, native_of) -> list:
        self._writer._sink_for(engine).publish_basket(engine, self._name, self._keys,
                                                      [native_of(e) for e in self._edges], self._columns)
        return []


class _ParquetFileNames(NodeInstance):
    """Switches the writer's file each time ``names`` ticks."""

    is_root = True

    def __init__(self, writer: "ParquetWriter", names: Edge) -> None:
        super().__init__("parquet_file_names", [])
        self._writer = writer
        self._names = names

    def inputs(self) -> List[Edge]:
        return [self._names]

    def build(self, engine, native_of) -> list:
        self._writer._sink_for(engine).file_names(engine, native_of(self._names))
        return []


def _checked_column_metadata(column_metadata) -> Dict[str, List[tuple]]:
    """``{column: [(key, value)]}`` from ``{column: {key: value}}``: str keys and values, else TypeError naming
    the column."""
    checked = {}
    for column, metadata in (column_metadata or {}).items():
        if not isinstance(metadata, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                     for k, v in metadata.items()):
            raise TypeError(f"parquet column metadata can only have string values, got non-string value for "
                            f"metadata on column {column!r}")
        checked[str(column)] = list(metadata.items())  # in order
    return checked


def _value_type(edge: Edge):
    return getattr(edge.tstype, "typ", edge.tstype)


class ParquetWriter:
    """Writes series to a Parquet (or Arrow IPC) file; see the module docstring for the contract."""

    def __init__(self, file_name: Optional[str], timestamp_column_name, config: Optional[ParquetOutputConfig] = None,
                 filename_provider=None, split_columns_to_files: bool = False,
                 file_metadata: Optional[Dict[str, str]] = None,
                 column_metadata: Optional[Dict[str, Dict[str, str]]] = None, file_visitor=None):
        if file_name is None and filename_provider is None:
            raise TypeError("ParquetWriter needs file_name or filename_provider")
        self._file_name = os.fspath(file_name) if file_name is not None else None
        self._timestamp_column = timestamp_column_name
        self._config = config if config is not None else ParquetOutputConfig()
        self._metadata = [(str(k), str(v)) for k, v in (file_metadata or {}).items()]
        self._column_metadata = _checked_column_metadata(column_metadata)
        self._split = bool(split_columns_to_files)
        self._columns_written = [timestamp_column_name] if timestamp_column_name is not None else []
        self._file_visitor = file_visitor
        if filename_provider is not None:
            _ParquetFileNames(self, filename_provider)
        self._built = None  # (engine, ParquetSink)

    def publish(self, column_name, value: Edge, array_dimensions_column_name=None) -> None:
        """Writes ``value`` to column ``column_name``; an N-D array series also writes its shapes to
        ``array_dimensions_column_name`` (by default ``<column_name>_csp_dimensions``)."""
        kind, extra = _conversion(_value_type(value), f"column {column_name!r}")
        dimensions = {column_name: array_dimensions_column_name} if array_dimensions_column_name else None
        _ParquetPublish(self, value, numpy_arrays.for_writing([(column_name, None, kind, extra)], dimensions))

    def publish_struct(self, value: Edge, field_map: Dict[str, str] = None) -> None:
        """Writes a column per field of struct series ``value`` (``field_map={field: column}`` selects and renames)."""
        typ = _value_type(value)
        if not is_struct_type(typ):
            raise TypeError(f"publish_struct needs a struct series, got ts[{getattr(typ, '__name__', typ)}]")
        if field_map is None:
            field_map = {name: name for name in typ._csp_fields}
        _ParquetPublish(self, value, numpy_arrays.for_writing(_field_columns(typ, field_map)))

    def publish_dict_basket(self, column_name, value, key_type, value_type) -> None:
        """Writes the dict basket ``value`` ({str key: ts[value_type]}) as ``column_name`` (split files only):
        each cycle writes a row per ticked key (in the basket's key order) to ``<column_name>__csp_symbol`` (the
        key) and ``<column_name>`` (or ``<column_name>.<field>`` per field of a struct), and the number of those
        rows to ``<column_name>__csp_value_count`` in the main row."""
        if not self._split:
            raise ValueError(f"Cannot publish dict basket {column_name!r}: dict baskets require "
                             "split_columns_to_files=True")
        if key_type is not str:
            raise NotImplementedError(f"dict basket {column_name!r}: only str keys can be written, got "
                                      f"{getattr(key_type, '__name__', key_type)}")
        if not isinstance(value, dict) or not all(isinstance(e, Edge) for e in value.values()):
            raise TypeError(f"dict basket {column_name!r}: expected a dict of time series")
        for key, edge in value.items():
            if not isinstance(key, str):
                raise TypeError(f"dict basket {column_name!r}: key {key!r} is not a str")
            if _value_type(edge) != value_type:  # equal, not identical: typing aliases are not always cached
                raise TypeError(f"dict basket {column_name!r}: key {key!r} is a ts[{_value_type(edge)}], expected "
                                f"ts[{getattr(value_type, '__name__', value_type)}]")
        array_fields = [f for f in getattr(value_type, "_csp_fields", ()) if is_array_type(_field_type(value_type, f))]
        if is_array_type(value_type) or array_fields:
            raise NotImplementedError(f"dict basket {column_name!r}: baskets of numpy arrays cannot be written")
        if is_struct_type(value_type):
            columns = _field_columns(value_type, {f: f"{column_name}.{f}" for f in value_type._csp_fields})
        else:
            columns = [(column_name, None) + _conversion(value_type, f"dict basket {column_name!r}")]
        _ParquetBasketPublish(self, column_name, value, columns)

    def _note_columns(self, names) -> None:
        self._columns_written.extend(names)

    def _check_overwrite(self) -> None:
        """FileExistsError if ``file_name`` (or, split, one of its column files) exists and may not be overwritten."""
        if self._file_name is None or self._config.allow_overwrite:
            return
        paths = [self._file_name]
        if self._split:
            paths = [split_files.column_path(self._file_name, c, self._config.write_arrow_binary)
                     for c in self._columns_written]
        for path in paths:
            if os.path.exists(path):
                raise FileExistsError(f"Trying to overwrite existing file {path} while allow_overwrite is false")

    def _sink_for(self, engine):
        if self._built is None or self._built[0] is not engine:
            config = self._config
            self._check_overwrite()
            compression = getattr(config, "compression", "")
            sink = _native.add_parquet_sink(engine, self._file_name or "", self._timestamp_column or "",
                                            config.write_arrow_binary, config.batch_size, compression or "",
                                            config.write_dictionary, self._metadata, self._column_metadata,
                                            self._split)
            if self._file_visitor is not None:
                sink.on_file_complete(self._file_visitor)
            self._built = (engine, sink)
        return self._built[1]
