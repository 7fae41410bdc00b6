"""Value types for annotations: numpy arrays on edges and in struct fields.

``ts[Numpy1DArray[float]]`` is a time series of one-dimensional float
arrays, ``ts[NumpyNDArray[float]]`` one of arrays of any shape
(``ts[np.ndarray]`` means the latter). See
:mod:`csp.impl.types.numpy_types` for the rules wiring applies.
"""

from csp.impl.types.numpy_types import Numpy1DArray, NumpyNDArray, T

__all__ = ["Numpy1DArray", "NumpyNDArray", "T"]
