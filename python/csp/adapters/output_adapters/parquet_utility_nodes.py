"""Nodes that move N-dimensional arrays through one-dimensional columns.

``flatten_numpy_array(x)`` splits each array of ``x`` into its elements in C
(row-major) order and its shape; ``reshape_numpy_array(value, shape)`` puts
them back. A file format that stores only flat lists can carry N-d arrays as
the pair.
"""

import numpy as np

import csp
from csp import ts
from csp.typing import Numpy1DArray, NumpyNDArray

__all__ = ["flatten_numpy_array", "reshape_numpy_array"]


@csp.node
def flatten_numpy_array(x: ts[NumpyNDArray["T"]]) -> csp.Outputs(value=ts[Numpy1DArray["T"]],
                                                                   shape=ts[Numpy1DArray[int]]):
    """Each array of ``x`` as ``value`` (its elements, row-major) and ``shape`` (its dimensions, int64)."""
    if csp.ticked(x):
        csp.output(value=np.ravel(x, order="C"), shape=np.array(np.shape(x), dtype=np.int64))


@csp.node
def reshape_numpy_array(value: ts[Numpy1DArray["T"]], shape: ts[Numpy1DArray[int]]) -> ts[NumpyNDArray["T"]]:
    """``value`` reshaped to ``shape``; both must tick together (a ValueError otherwise, or when
    the sizes disagree)."""
    if csp.ticked(value):
        if not csp.ticked(shape):
            raise ValueError("reshape_numpy_array: 'value' ticked without 'shape'; both must tick in the same cycle")
        dimensions = tuple(int(d) for d in shape)
        if int(np.prod(dimensions)) != value.size:
            raise ValueError(f"reshape_numpy_array: cannot reshape {value.size} values to shape {dimensions}")
        return np.reshape(value, dimensions)
