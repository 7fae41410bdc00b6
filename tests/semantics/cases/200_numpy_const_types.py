# The array type a constant numpy array is given: dimensionality and element type from its dtype.
import typing
from datetime import datetime, timedelta

import numpy as np

import csp

VALUES = [
    np.array([1.0, 2.0]),
    np.array([1, 2]),
    np.array([True, False]),
    np.array(["a", "b"]),
    np.array([1, 2], dtype=np.int32),
    np.ones((2, 3)),
    np.ones((2, 2), dtype=np.int64),
    np.array([], dtype=np.int64),
]


@csp.graph
def g():
    for value in VALUES:
        typ = csp.const(value).tstype.typ
        print(typing.get_origin(typ).__name__, typing.get_args(typ))
    print(typing.get_origin(csp.const([np.array([1.0])]).tstype.typ))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
