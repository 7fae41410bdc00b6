"""Split-column directories for the Parquet adapters (private to csp.adapters.parquet).

With ``split_columns_to_files=True`` every file name is a directory holding a
file per column, ``<directory>/<column>.parquet`` (``.arrow`` for Arrow IPC
streams), all of one length: a row is the same position in every file. A dict
basket ``name`` adds files of their own length, a row per value: the key
(``<name>__csp_symbol``) and the value (``<name>``, or ``<name>.<field>`` per
field of a struct); ``<name>__csp_value_count`` (a uint16 file of the main
length) says how many values each main row holds, in order.

The functions here turn one directory into a ``pyarrow.RecordBatchReader``
that the C++ reader consumes as an in-memory table: the main columns side by
side, or a basket's values with the time of their row. When the run starts
every directory's files are checked (present, their schemas, their row
counts); their data is read when the reader reaches the directory.
"""

from __future__ import annotations

import os
from typing import Callable, List, Optional

import numpy
import pyarrow
import pyarrow.ipc
import pyarrow.parquet


def basket_symbol_column(name: str) -> str:
    return f"{name}__csp_symbol"


def basket_count_column(name: str) -> str:
    return f"{name}__csp_value_count"


def column_path(directory: str, column: str, arrow_ipc: bool) -> str:
    """The file holding ``column`` in a split directory."""
    return os.path.join(directory, column + (".arrow" if arrow_ipc else ".parquet"))


def _read_schema(path: str, arrow_ipc: bool) -> pyarrow.Schema:
    if arrow_ipc:
        with pyarrow.ipc.open_stream(path) as stream:
            return stream.schema
    return pyarrow.parquet.read_schema(path)


def _read_column(path: str, column: str, arrow_ipc: bool) -> pyarrow.ChunkedArray:
    table = pyarrow.ipc.open_stream(path).read_all() if arrow_ipc else pyarrow.parquet.read_table(path)
    if column not in table.column_names:
        raise KeyError(f"file '{path}' has no column '{column}'")
    return table.column(column)


class SplitDirectory:
    """One split directory of a reader: which of its column files exist, checked when the run starts."""

    def __init__(self, directory: str, arrow_ipc: bool, allow_missing_columns: bool) -> None:
        if not os.path.isdir(directory):
            raise ValueError(f"split_columns_to_files expects a directory, got: {directory}")
        self.directory = directory
        self._arrow_ipc = arrow_ipc
        self._allow_missing_columns = allow_missing_columns

    def path(self, column: str) -> str:
        return column_path(self.directory, column, self._arrow_ipc)

    def present(self, columns: List[str], required: Optional[List[str]] = None) -> List[str]:
        """The columns that have a file; a missing one raises KeyError, unless missing columns are allowed
        and it is not in ``required``."""
        found = []
        for column in columns:
            if os.path.exists(self.path(column)):
                found.append(column)
            elif not self._allow_missing_columns or column in (required or ()):
                raise KeyError(f"directory '{self.directory}' has no file for column '{column}' "
                               f"(expected {self.path(column)})")
        return found

    def check_lengths(self, columns: List[str]) -> None:
        """ValueError naming the directory if the Parquet files of ``columns`` differ in rows (read from their
        footers; Arrow IPC streams are checked when read)."""
        if self._arrow_ipc or not columns:
            return
        rows = {c: pyarrow.parquet.read_metadata(self.path(c)).num_rows for c in columns}
        if len(set(rows.values())) > 1:
            sizes = ", ".join(f"{c}: {n}" for c, n in rows.items())
            raise ValueError(f"directory '{self.directory}': column files of different lengths ({sizes})")

    def field(self, column: str) -> pyarrow.Field:
        return _read_schema(self.path(column), self._arrow_ipc).field(column)

    def read(self, column: str) -> pyarrow.ChunkedArray:
        return _read_column(self.path(column), column, self._arrow_ipc)


def _table(directory: str, schema: pyarrow.Schema, arrays: list) -> pyarrow.Table:
    lengths = {len(a) for a in arrays}
    if len(lengths) > 1:
        sizes = ", ".join(f"{c}: {len(a)}" for c, a in zip(schema.names, arrays))
        raise ValueError(f"directory '{directory}': column files of different lengths ({sizes})")
    return pyarrow.Table.from_arrays(arrays, schema=schema)


def _lazy_reader(schema: pyarrow.Schema, make_table: Callable[[], pyarrow.Table]) -> pyarrow.RecordBatchReader:
    """A reader of ``schema`` whose batches come from ``make_table()``, called when the first batch is read."""

    def batches():
        yield from make_table().to_batches()

    return pyarrow.RecordBatchReader.from_batches(schema, batches())


def main_columns_reader(split: SplitDirectory, columns: List[str], required: List[str]) -> pyarrow.RecordBatchReader:
    """The columns of a directory side by side (those without a file are left out, if allowed)."""
    present = split.present(columns, required)
    split.check_lengths(present)
    schema = pyarrow.schema([split.field(c) for c in present])
    return _lazy_reader(schema, lambda: _table(split.directory, schema, [split.read(c) for c in present]))


def basket_values_reader(split: SplitDirectory, time_column: str, name: str,
                         value_columns: List[str]) -> pyarrow.RecordBatchReader:
    """A row per value of basket ``name``: the time of the main row it belongs to, its key, its value columns."""
    symbol, count = basket_symbol_column(name), basket_count_column(name)
    value_columns = split.present(value_columns)
    split.present([time_column, symbol, count], [time_column, symbol, count])
    split.check_lengths([time_column, count])
    split.check_lengths([symbol] + value_columns)
    columns = [time_column, symbol] + value_columns
    schema = pyarrow.schema([split.field(c) for c in columns])

    def make_table():
        counts = split.read(count).fill_null(0).to_numpy().astype(numpy.int64)
        times = split.read(time_column)
        if len(counts) != len(times):
            raise ValueError(f"directory '{split.directory}': {count} has {len(counts)} rows, {time_column} "
                             f"{len(times)}")
        rows = pyarrow.array(numpy.repeat(numpy.arange(len(counts)), counts))
        arrays = [times.take(rows)] + [split.read(c) for c in columns[1:]]
        return _table(split.directory, schema, arrays)

    return _lazy_reader(schema, make_table)


def directories_provider(paths, allow_missing_files: bool, arrow_ipc: bool, allow_missing_columns: bool,
                         make_reader: Callable[[SplitDirectory], pyarrow.RecordBatchReader]):
    """fn(start, end) -> the readers of the run's directories (``paths``: a list, or fn(start, end) -> a list)."""

    def provider(start, end):
        directories = paths(start, end) if callable(paths) else paths
        readers = []
        for directory in directories:
            if allow_missing_files and not os.path.exists(directory):
                continue
            readers.append(make_reader(SplitDirectory(os.fspath(directory), arrow_ipc, allow_missing_columns)))
        return readers

    return provider
