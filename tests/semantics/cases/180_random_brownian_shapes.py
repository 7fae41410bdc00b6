# csp.random.brownian_motion: a float array of length n at each trigger tick once drift and covariance
# are valid; with zero covariance it is the integrated drift, increments are the per-tick moves.
from datetime import datetime, timedelta

import numpy as np

import csp
import csp.random as cr
from csp.typing import Numpy1DArray

s = timedelta(seconds=1)


@csp.node
def describe(x: csp.ts[object]) -> csp.ts[str]:
    return f"{type(x).__name__} {x.dtype} {x.shape} {x.tolist()}"


@csp.graph
def g():
    trigger = csp.curve(bool, [(0 * s, True), (1 * s, True), (2 * s, True), (4 * s, True)])
    drift = csp.curve(Numpy1DArray[float], [(1 * s, np.array([1.0, -2.0, 0.5])), (3 * s, np.array([2.0, 0.0, 1.0]))])
    cov = csp.const(np.zeros((3, 3)))
    csp.print("value", describe(cr.brownian_motion(trigger, drift, cov, seed=1)))
    csp.print("increment", describe(cr.brownian_motion(trigger, drift, cov, seed=1, return_increments=True)))
    noisy = cr.brownian_motion(csp.timer(s), csp.const(np.zeros(2)), csp.const(np.eye(2)), seed=3)
    csp.print("noisy shape", csp.apply(noisy, lambda v: (type(v).__name__, v.shape, str(v.dtype)), tuple))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=4))
