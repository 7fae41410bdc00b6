# Type variables with numpy arrays: element types bind, 1-D widens to N-D, int and float conflict.
from datetime import datetime, timedelta

import numpy as np

import csp
from csp import ts
from csp.typing import Numpy1DArray


@csp.node
def head(x: ts[Numpy1DArray["T"]]) -> ts["T"]:
    return x[0]


@csp.node
def left(x: ts["T"], y: ts["T"]) -> ts["T"]:
    if csp.ticked(x):
        return x


@csp.graph
def g():
    csp.print("head", head(csp.const(np.array([1.5, 2.5]))))
    mixed = left(csp.const(np.array([1.0, 2.0])), csp.const(np.ones((2, 2))))
    print("widened", mixed.tstype.typ)
    csp.print("left", mixed)
    try:
        left(csp.const(np.array([1, 2])), csp.const(np.array([1.0, 2.0])))
    except TypeError:
        print("int and float arrays: TypeError")


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
