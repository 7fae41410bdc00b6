# A node's array output is checked to be an ndarray at run time (not its dtype or shape).
from datetime import datetime, timedelta

import numpy as np

import csp
from csp import ts
from csp.typing import Numpy1DArray


@csp.node
def emit(value: object) -> ts[Numpy1DArray[float]]:
    with csp.alarms():
        go = csp.alarm(bool)
    with csp.start():
        csp.schedule_alarm(go, timedelta(), True)
    if csp.ticked(go):
        return value


for value in [np.array([1.0, 2.0]), np.array([3, 4]), np.ones((2, 2)), np.array(["x"]), [1.0, 2.0], 1.5]:
    try:
        result = csp.run(emit, value, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
        out = result[0][0][1]
        print(repr(value), "->", type(out).__name__, out.dtype, out.shape)
    except TypeError:
        print(repr(value), "-> TypeError")
