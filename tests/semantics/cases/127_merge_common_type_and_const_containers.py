"""csp.merge ticks the type both inputs fit (int and float: float; 1-D and N-d arrays: N-d); csp.const types
non-empty lists, sets and dicts by their first item."""
from datetime import datetime, timedelta

import numpy as np

import csp

start = datetime(2022, 1, 1)
mixed = csp.merge(csp.const(1), csp.const(2.5, delay=timedelta(seconds=1)))
print(mixed.tstype.typ.__name__, csp.run(mixed, starttime=start)[0])
arrays = csp.merge(csp.const(np.array([1.0, 2.0])), csp.const(np.ones((2, 2)), delay=timedelta(seconds=1)))
print(arrays.tstype.typ.__name__, [v.shape for _, v in csp.run(arrays, starttime=start)[0]])
try:
    csp.merge(csp.const(1), csp.const("s"))
except TypeError:
    print("TypeError for int and str")
for value in [[1, 2.5], {3}, {"x": 1, "y": 2.5}, (1, "a"), {}, []]:
    print(repr(value), csp.const(value).tstype.typ)
