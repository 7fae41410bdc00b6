# Which array series a Numpy1DArray / NumpyNDArray / np.ndarray input accepts at wiring.
from datetime import datetime, timedelta

import numpy as np

import csp
from csp import ts
from csp.typing import Numpy1DArray, NumpyNDArray


@csp.node
def one_d(x: ts[Numpy1DArray[float]]) -> ts[float]:
    return float(x.sum())


@csp.node
def n_d(x: ts[NumpyNDArray[float]]) -> ts[float]:
    return float(x.sum())


@csp.node
def plain(x: ts[np.ndarray]) -> ts[float]:
    return float(x.sum())


SOURCES = [Numpy1DArray[float], Numpy1DArray[int], Numpy1DArray[str], NumpyNDArray[float], NumpyNDArray[int],
           np.ndarray, float, object]

for node in (one_d, n_d, plain):
    for typ in SOURCES:
        try:
            csp.run(lambda: node(csp.null_ts(typ)), starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
            print(node.__name__, typ, "accepted")
        except TypeError:
            print(node.__name__, typ, "TypeError")
