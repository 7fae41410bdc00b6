"""csp.stats.list_to_numpy and csp.stats.numpy_to_list: list baskets <-> numpy arrays."""

from typing import List

import numpy as np

from csp.impl.node_language import start, state, ticked
from csp.impl.types import OutputBasket, ts
from csp.impl.types.numpy_types import Numpy1DArray
from csp.impl.wiring.decorators import node


@node
def list_to_numpy(x: [ts[float]], fillna: bool = False) -> ts[Numpy1DArray[float]]:
    """On any tick of ``x``, an array of its elements: those that ticked now, the others NaN
    (or, with ``fillna``, their last value)."""
    with state():
        s_last = None
    with start():
        s_last = np.full(len(x), np.nan)
    if ticked(x):
        values = s_last.copy() if fillna else np.full(len(x), np.nan)
        for index, value in x.tickeditems():
            values[index] = value
        s_last = values
        return values


@node
def numpy_to_list(x: ts[np.ndarray], n: int) -> OutputBasket(List[ts[float]], shape="n"):
    """Each of the ``n`` elements of every array of ``x``, as a list basket of float series."""
    if ticked(x):
        return {i: float(x[i]) for i in range(n)}
