# Scalar arguments of numpy array types: arrays and lists are accepted (lists become arrays), shapes checked.
from datetime import datetime, timedelta

import numpy as np

import csp
from csp import ts
from csp.typing import Numpy1DArray, NumpyNDArray


@csp.node
def weighted(x: ts[float], weights: Numpy1DArray[float]) -> ts[float]:
    return x * float(weights.sum())


@csp.node
def shape_of(x: ts[bool], grid: NumpyNDArray[float]) -> ts[str]:
    return f"{type(grid).__name__} {grid.shape}"


@csp.graph
def through_graph(weights: NumpyNDArray[float]) -> ts[str]:
    return shape_of(csp.const(True), weights)


def run(graph):
    return [v for _, v in csp.run(graph, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))[0]]


for weights in [np.array([1.0, 2.0]), np.array([1, 2]), [1.0, 2.0], (3.0,), np.ones((2, 2)), 2.0, "ab"]:
    try:
        print("weighted", repr(weights), run(lambda: weighted(csp.const(2.0), weights)))
    except TypeError:
        print("weighted", repr(weights), "TypeError")
for grid in [np.ones((2, 3)), [[1.0, 2.0]], [1.0]]:
    print("shape_of", repr(grid), run(lambda: shape_of(csp.const(True), grid)))
print("graph", run(lambda: through_graph([[1.0], [2.0]])))
