# Struct fields of numpy array types: any ndarray is accepted and kept, other values refused.
import numpy as np

import csp
from csp.typing import Numpy1DArray, NumpyNDArray


class Arrays(csp.Struct):
    line: Numpy1DArray[float]
    grid: NumpyNDArray[float]
    raw: np.ndarray


print(Arrays.metadata())
array = np.array([1.0, 2.0])
s = Arrays(line=array, grid=np.ones((2, 2)))
print(s)
print(s.line is array, s.copy().line is array, s.deepcopy().line is array)
print(Arrays(line=np.array([1, 2])))
print(Arrays(line=np.ones((1, 2))))
print(sorted(s.to_dict()))
for value in ([1.0, 2.0], 1.0, "x", (1.0,)):
    try:
        Arrays(line=value)
        print(repr(value), "accepted")
    except TypeError:
        print(repr(value), "TypeError")
try:
    s.line = [3.0]
except TypeError:
    print("setattr list: TypeError")
print(Arrays.from_dict({"line": np.array([5.0])}))
