"""csp.stats.list_to_numpy and csp.stats.numpy_to_list: list baskets <-> numpy arrays."""

from typing import List

import numpy as np

import csp
from csp import ts
from csp.impl.types.numpy_types import Numpy1DArray


@csp.node
def list_to_numpy(x: [ts[float]], fillna: bool = False) -> ts[Numpy1DArray[float]]:
    """On any tick of ``x``, an array of its elements: those that ticked now, the others NaN
    (or, with ``fillna``, their last value)."""
    with csp.state():
        s_last = None
    with csp.start():
        s_last = np.full(len(x), np.nan)
    if csp.ticked(x):
        values = s_last.copy() if fillna else np.full(len(x), np.nan)
        for index, value in x.tickeditems():
            values[index] = value
        s_last = values
        return values


@csp.node
def numpy_to_list(x: ts[np.ndarray], n: int) -> csp.OutputBasket(List[ts[float]], shape="n"):
    """Each of the ``n`` elements of every array of ``x``, as a list basket of float series."""
    if csp.ticked(x):
        return {i: float(x[i]) for i in range(n)}
