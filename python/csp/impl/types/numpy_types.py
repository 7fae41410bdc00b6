"""Numpy array value types: ``NumpyNDArray[T]`` and ``Numpy1DArray[T]``.

Both are generic subclasses of ``numpy.ndarray`` used only in annotations
(``ts[Numpy1DArray[float]]``, struct fields); the values on an edge are
plain ``numpy.ndarray`` objects. ``Numpy1DArray`` is a subclass of
``NumpyNDArray``, so a 1-D series feeds an N-D input but not the reverse.
``T`` names the element type (``float``, ``int``, ``bool``, ``str`` or
``object``).

Wiring checks the dimensionality and the element type (an ``int`` element
type feeds a ``float`` one); at run time a node's array output is only
checked to be a ``numpy.ndarray``. A scalar argument of an array type takes
an array or a list (made an array), of one dimension for ``Numpy1DArray``. ``ts[np.ndarray]`` means
``ts[NumpyNDArray[float]]``.

The public home of these classes is :mod:`csp.typing`.
"""

import typing
from typing import Any, Generic, Optional, TypeVar

import numpy as np

__all__ = [
    "Numpy1DArray",
    "NumpyNDArray",
    "array_argument",
    "array_argument_fits",
    "array_element_type",
    "array_type_of_value",
    "is_array_type",
    "normalise_array_type",
]

T = TypeVar("T")


class NumpyNDArray(Generic[T], np.ndarray):
    """A numpy array of any number of dimensions with elements of type ``T``."""


class Numpy1DArray(NumpyNDArray[T]):
    """A one-dimensional numpy array with elements of type ``T``."""


# Shown (and pickled) under their public module.
NumpyNDArray.__module__ = "csp.typing"
Numpy1DArray.__module__ = "csp.typing"

_ELEMENT_TYPES = {np.dtype(np.float64): float, np.dtype(np.int64): int, np.dtype(np.bool_): bool}


def array_origin(typ: Any) -> Optional[type]:
    """``NumpyNDArray`` or ``Numpy1DArray`` if ``typ`` is one (bare or subscripted), else ``None``."""
    origin = typing.get_origin(typ) or typ
    if isinstance(origin, type) and issubclass(origin, NumpyNDArray):
        return origin
    return None


def is_array_type(typ: Any) -> bool:
    """True for ``np.ndarray``, ``NumpyNDArray[...]`` and ``Numpy1DArray[...]``."""
    return typ is np.ndarray or array_origin(typ) is not None


def array_element_type(typ: Any) -> Any:
    """The element type ``T`` of an array type (``float`` for ``np.ndarray``), or ``None`` if not given."""
    if typ is np.ndarray:
        return float
    args = typing.get_args(typ)
    return args[0] if args else None


def normalise_array_type(typ: Any) -> Any:
    """``np.ndarray`` as ``NumpyNDArray[float]``; any other type unchanged."""
    return NumpyNDArray[float] if typ is np.ndarray else typ


def array_type_of_value(value: np.ndarray) -> Any:
    """The array type a constant array is given: ``Numpy1DArray[float]`` for ``np.array([1.0])``.

    A non-empty 1-D array is a ``Numpy1DArray``, other arrays (empty ones
    included) a ``NumpyNDArray``. The element type is ``float``, ``int``,
    ``bool`` or ``str`` for float64, int64, bool and unicode arrays,
    ``object`` for any other dtype; an empty array is ``NumpyNDArray[float]``.
    Raises ``TypeError`` for a 0-d array.
    """
    if value.ndim == 0:
        raise TypeError("a 0-d numpy array has no time-series array type; pass the scalar instead")
    if value.size == 0:
        return NumpyNDArray[float]
    element = str if value.dtype.kind == "U" else _ELEMENT_TYPES.get(value.dtype, object)
    return Numpy1DArray[element] if value.ndim == 1 else NumpyNDArray[element]


def array_argument_fits(typ: Any, value: Any) -> bool:
    """True if ``value`` may be passed as a scalar argument of array type ``typ`` (see :func:`array_argument`)."""
    if not isinstance(value, (np.ndarray, list, tuple)):
        return False
    origin = array_origin(typ)
    if origin is not None and issubclass(origin, Numpy1DArray):
        return np.ndim(value) == 1
    return True


def array_argument(typ: Any, value: Any) -> Any:
    """A scalar argument of array type ``typ`` as the node receives it: a list or tuple becomes an array."""
    if isinstance(value, (list, tuple)) and is_array_type(typ):
        return np.asarray(value)
    return value
