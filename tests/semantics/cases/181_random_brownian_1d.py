# csp.random.brownian_motion_1d: floats; starts at zero when drift and variance are both valid
# (a trigger at that time gives 0.0), drift changes integrate piecewise.
from datetime import datetime, timedelta

import csp
import csp.random as cr

s = timedelta(seconds=1)


@csp.graph
def g():
    trigger = csp.curve(bool, [(1 * s, True), (2 * s, True), (4 * s, True), (10 * s, True)])
    drift = csp.curve(float, [(2 * s, 1.0), (6 * s, 10.0)])
    variance = csp.curve(float, [(0 * s, 0.0)])
    csp.print("value", cr.brownian_motion_1d(trigger, drift, variance, seed=1))
    csp.print("increment", cr.brownian_motion_1d(trigger, drift, variance, seed=1, return_increments=True))
    noisy = cr.brownian_motion_1d(csp.timer(5 * s), csp.const(0.0), csp.const(2.0), seed=2)
    csp.print("noisy type", csp.apply(noisy, lambda v: type(v).__name__, str))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
