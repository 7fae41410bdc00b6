"""Arrow record batches in a graph: ``RecordBatchPullInputAdapter`` (batches
ticked by a timestamp column), ``write_record_batches`` (to a Parquet file),
and conversions to and from csp.Struct lists: ``record_batches_to_struct``,
``struct_to_record_batches``.

::

    trades = record_batches_to_struct(batches, Trade, schema)          # ts[List[Trade]]
    batches = struct_to_record_batches(trades, Trade, max_batch_size=10_000)

Contract (that of the reference csp package):

* ``field_map`` is ``{struct field: column}``; without it every field of
  ``cls`` whose name is a column of ``schema`` (reading) or every field
  (writing).
* Reading ticks, for each list of batches, one list with a struct per row of
  every batch (a null leaves the field unset). Writing ticks, for each list of
  structs, a list of batches of at most ``max_batch_size`` rows (unset fields
  are nulls). Column types are those of the Parquet adapters
  (``csp.adapters.parquet``).
* The rows are converted in C++; batches cross to and from pyarrow through the
  Arrow C data interface, without copying the batches read.
* ``RecordBatchPullInputAdapter(ts_col_name, source, schema)`` ticks, at each
  distinct time of column ``ts_col_name`` (times in order), the slices of the
  source's batches holding that time's rows (a list: rows of one time may span
  batches). ``write_record_batches(where, batches, kwargs)`` writes every
  ticked batch to Parquet file ``where`` (``pyarrow.parquet.ParquetWriter(where,
  schema, **kwargs)``), one row group per batch (``merge_record_batches``:
  one per tick; ``max_batch_size``: at most that many rows each), closed when
  the run stops. Times tick with microsecond precision (those of the engine's
  Python datetimes).
* Numpy array fields: ``Numpy1DArray[T]`` as a list column, ``NumpyNDArray[T]``
  as a list column of its elements (C order) and a list<int64> column of its
  shape (``numpy_dimensions_column_map``, by default ``<column>_csp_dimensions``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Dict, Iterable, List, Optional, TypeVar

import numpy as np
import pyarrow as pa

import csp
from csp import _native
from csp.adapters import _parquet_arrays as numpy_arrays
from csp.adapters.parquet import _field_columns
from csp.impl.outputadapter import OutputAdapter
from csp.impl.pulladapter import PullInputAdapter
from csp.impl.types import ts
from csp.impl.wiring import py_output_adapter_def, py_pull_adapter_def

__all__ = ["RecordBatchPullInputAdapter", "record_batches_to_struct", "struct_to_record_batches",
           "write_record_batches"]

T = TypeVar("T")
_EPOCH = datetime(1970, 1, 1)


@csp.node
def _batches_to_structs(data: ts[List[pa.RecordBatch]], cls: "T", columns: object) -> ts[List["T"]]:
    return _native.record_batches_to_structs(data, cls, columns)


@csp.node
def _structs_to_batches(data: ts[List["T"]], columns: object, max_batch_size: int) -> ts[List[pa.RecordBatch]]:
    size = max_batch_size if max_batch_size > 0 else max(len(data), 1)
    batches = []
    for start in range(0, len(data), size):
        capsules = _native.structs_to_record_batch(data, start, min(size, len(data) - start), columns)
        batches.append(pa.RecordBatch._import_from_c_capsule(*capsules))
    return batches


def record_batches_to_struct(data, cls, schema: pa.Schema, field_map: Optional[Dict[str, str]] = None,
                             numpy_dimensions_column_map: Optional[Dict[str, str]] = None):
    """ts[List[pa.RecordBatch]] -> ts[List[cls]]: a struct per row. An N-D array field's shapes are read from
    ``numpy_dimensions_column_map[column]`` (by default ``<column>_csp_dimensions``)."""
    if field_map is None:
        field_map = {name: name for name in cls._csp_fields if name in schema.names}
    columns = numpy_arrays.for_reading(_field_columns(cls, field_map), numpy_dimensions_column_map)
    return _batches_to_structs(data, cls, columns)


def struct_to_record_batches(data, cls, field_map: Optional[Dict[str, str]] = None,
                             numpy_dimensions_column_map: Optional[Dict[str, str]] = None,
                             max_batch_size: int = 65536):
    """ts[List[cls]] -> ts[List[pa.RecordBatch]] of at most ``max_batch_size`` rows each. An N-D array field
    also writes its shapes, after its column, to ``numpy_dimensions_column_map[column]`` (by default
    ``<column>_csp_dimensions``)."""
    if field_map is None:
        field_map = {name: name for name in cls._csp_fields}
    columns = numpy_arrays.for_record_batches(_field_columns(cls, field_map), numpy_dimensions_column_map)
    return _structs_to_batches(data, columns, int(max_batch_size))


class _RecordBatchSource(PullInputAdapter):
    """(time, [slices]) of each distinct time of the source's batches, in order."""

    def __init__(self, ts_col_name: str, source: Iterable[pa.RecordBatch], schema, expect_small_batches: bool):
        super().__init__()
        self._column = ts_col_name
        self._source = source

    def start(self, start_time, end_time) -> None:
        super().start(start_time, end_time)
        self._runs = self._time_runs()
        self._pending = next(self._runs, None)

    def _time_runs(self):
        """(time in ns, slice) for each run of equal times within each batch."""
        for batch in self._source:
            if batch.num_rows == 0:
                continue
            times = batch.column(self._column).cast(pa.int64()).to_numpy(zero_copy_only=False)
            bounds = np.concatenate(([0], np.flatnonzero(np.diff(times)) + 1, [len(times)]))
            for begin, end in zip(bounds[:-1], bounds[1:]):
                yield int(times[begin]), batch.slice(int(begin), int(end - begin))

    def next(self):
        if self._pending is None:
            return None
        time, slices = self._pending[0], [self._pending[1]]
        self._pending = next(self._runs, None)
        while self._pending is not None and self._pending[0] == time:
            slices.append(self._pending[1])
            self._pending = next(self._runs, None)
        return _EPOCH + timedelta(microseconds=time // 1000), slices


_record_batch_source = py_pull_adapter_def(
    "RecordBatchPullInputAdapter", _RecordBatchSource, ts[List[pa.RecordBatch]], memoize=False, ts_col_name=str,
    source=object, schema=object, expect_small_batches=bool)


def RecordBatchPullInputAdapter(ts_col_name: str, source: Iterable[pa.RecordBatch],  # noqa: N802 (reference name)
                                schema: Optional[pa.Schema] = None, expect_small_batches: bool = False):
    """ts[List[pa.RecordBatch]]: the rows of each time of ``source``'s batches; see the module docstring."""
    return _record_batch_source(ts_col_name, source, schema, expect_small_batches)


class _RecordBatchWriter(OutputAdapter):
    def __init__(self, where: str, kwargs: dict, merge_record_batches: bool, max_batch_size: int):
        self._where = where
        self._kwargs = dict(kwargs or {})
        self._merge = merge_record_batches
        self._max_batch_size = max_batch_size or None
        self._writer = None

    def on_tick(self, time, batches) -> None:
        import pyarrow.parquet as pq

        if not batches:
            return
        if self._writer is None:
            self._writer = pq.ParquetWriter(self._where, batches[0].schema, **self._kwargs)
        if self._merge:
            self._writer.write_table(pa.Table.from_batches(batches), row_group_size=self._max_batch_size)
        else:
            for batch in batches:
                self._writer.write_batch(batch, row_group_size=self._max_batch_size)

    def stop(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None


_write_record_batches = py_output_adapter_def("write_record_batches", _RecordBatchWriter,
                                              batches=ts[List[pa.RecordBatch]], where=str, kwargs=dict,
                                              merge_record_batches=bool, max_batch_size=int)


def write_record_batches(where: str, batches, kwargs: dict, merge_record_batches: bool = False,
                         max_batch_size: int = 0) -> None:
    """Writes every batch of ``batches`` to Parquet file ``where``; see the module docstring."""
    _write_record_batches(batches, where, kwargs, merge_record_batches, max_batch_size)
