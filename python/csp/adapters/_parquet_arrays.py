"""Numpy array columns of the Parquet adapters (and Arrow record batch conversions).

A ``Numpy1DArray[T]`` value is one ``list<T>`` column. A ``NumpyNDArray[T]``
value is two: its elements in C order as ``list<T>`` in the column itself,
and its shape as ``list<int64>`` in a dimensions column, by default
``<column>_csp_dimensions``. ``T`` is ``float``, ``int``, ``bool`` or ``str``.

Column lists are ``[(column, field descriptor or None, kind, extra)]`` (see
cpp/src/python/parquet_values.h). :func:`for_writing` and
:func:`for_reading` (and :func:`for_record_batches`) add the dimensions
columns an N-D array needs: Parquet files hold array columns first, a
dimensions column before its array; record batches keep the fields' order,
a dimensions column after its array.
"""

from typing import Dict, List, Optional

from csp.impl.types.numpy_types import Numpy1DArray, array_element_type, array_origin

__all__ = ["ARRAY", "ARRAY_DIMS", "NDARRAY", "array_conversion", "dimensions_column", "for_reading",
           "for_record_batches", "for_writing"]

# Value kinds after those of csp/adapters/parquet.py (cpp/src/python/parquet_values.h).
ARRAY, NDARRAY, ARRAY_DIMS = 10, 11, 12


def dimensions_column(column: str, names: Optional[Dict[str, str]] = None) -> str:
    """The dimensions column of N-D array column ``column`` (``names`` maps column -> dimensions column)."""
    return (names or {}).get(column) or f"{column}_csp_dimensions"


def array_conversion(typ, where: str, scalar_kinds: Dict[type, int]) -> Optional[tuple]:
    """``(kind, extra)`` for an array type, ``None`` for other types; ``TypeError`` for an unsupported element."""
    origin = array_origin(typ)
    if origin is None:
        return None
    element = array_element_type(typ)
    kind = scalar_kinds.get(element) if element in (bool, int, float, str) else None
    if kind is None:
        raise TypeError(f"{where}: numpy arrays of {getattr(element, '__name__', element)} cannot be read from or "
                        "written to Parquet (elements must be float, int, bool or str)")
    return (ARRAY, kind) if issubclass(origin, Numpy1DArray) else (NDARRAY, (kind, -1))


def for_writing(columns: List[tuple], names: Optional[Dict[str, str]] = None) -> List[tuple]:
    """``columns`` with array columns first (in order) and each N-D array preceded by its dimensions column."""
    arrays, others = [], []
    for column in columns:
        name, descriptor, kind, extra = column
        if kind == NDARRAY:
            arrays.append((dimensions_column(name, names), descriptor, ARRAY_DIMS, None))
        (arrays if kind in (ARRAY, NDARRAY) else others).append(column)
    return arrays + others


def for_reading(columns: List[tuple], names: Optional[Dict[str, str]] = None) -> List[tuple]:
    """``columns`` with each N-D array followed by its dimensions column, which the array's extra points to."""
    return _dimensions_after(columns, names, keep_descriptor=False)


def for_record_batches(columns: List[tuple], names: Optional[Dict[str, str]] = None) -> List[tuple]:
    """``columns`` (in order) with each N-D array followed by its dimensions column, to write record batches."""
    return _dimensions_after(columns, names, keep_descriptor=True)


def _dimensions_after(columns: List[tuple], names: Optional[Dict[str, str]], keep_descriptor: bool) -> List[tuple]:
    result = []
    for name, descriptor, kind, extra in columns:
        if kind != NDARRAY:
            result.append((name, descriptor, kind, extra))
            continue
        dims_index = len(result) + 1
        result.append((name, descriptor, kind, (extra[0], dims_index)))
        result.append((dimensions_column(name, names), descriptor if keep_descriptor else None, ARRAY_DIMS, None))
    return result
