# ts[np.ndarray] is ts[NumpyNDArray[float]]; a curve of arrays keeps each array as given.
from datetime import datetime, timedelta

import numpy as np

import csp
from csp import ts
from csp.typing import Numpy1DArray, NumpyNDArray

print(ts[np.ndarray] == ts[NumpyNDArray[float]], ts[np.ndarray].typ)
print(ts[Numpy1DArray[float]] == ts[Numpy1DArray[float]], ts[Numpy1DArray[float]] == ts[NumpyNDArray[float]])
print(issubclass(Numpy1DArray, NumpyNDArray), issubclass(NumpyNDArray, np.ndarray))
print(isinstance(np.array([1.0]), Numpy1DArray))


@csp.node
def shape(x: ts[np.ndarray]) -> ts[tuple]:
    return x.shape


@csp.graph
def g():
    c = csp.curve(np.ndarray, [(timedelta(seconds=1), np.array([1.0])), (timedelta(seconds=2), np.ones((2, 3))),
                               (timedelta(seconds=3), np.array([1, 2, 3]))])
    csp.print("c", c)
    csp.print("shape", shape(c))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
