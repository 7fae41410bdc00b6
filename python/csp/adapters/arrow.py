"""Arrow record batches <-> csp.Struct lists: ``record_batches_to_struct`` and
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
* Not supported (raise ``NotImplementedError``): numpy array columns.
"""

from __future__ import annotations

from typing import Dict, List, Optional, TypeVar

import pyarrow as pa

import csp
from csp import _native
from csp.adapters.parquet import _field_columns
from csp.impl.types import ts

__all__ = ["record_batches_to_struct", "struct_to_record_batches"]

T = TypeVar("T")


def _no_numpy(numpy_dimensions_column_map) -> None:
    if numpy_dimensions_column_map:
        raise NotImplementedError("Arrow conversions: numpy array columns are not supported")


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
    """ts[List[pa.RecordBatch]] -> ts[List[cls]]: a struct per row."""
    _no_numpy(numpy_dimensions_column_map)
    if field_map is None:
        field_map = {name: name for name in cls._csp_fields if name in schema.names}
    return _batches_to_structs(data, cls, _field_columns(cls, field_map))


def struct_to_record_batches(data, cls, field_map: Optional[Dict[str, str]] = None,
                             numpy_dimensions_column_map: Optional[Dict[str, str]] = None,
                             max_batch_size: int = 65536):
    """ts[List[cls]] -> ts[List[pa.RecordBatch]] of at most ``max_batch_size`` rows each."""
    _no_numpy(numpy_dimensions_column_map)
    if field_map is None:
        field_map = {name: name for name in cls._csp_fields}
    return _structs_to_batches(data, _field_columns(cls, field_map), int(max_batch_size))
