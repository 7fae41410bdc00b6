# csp.random.brownian_motion: for one seed the increments add up to the values, and a seed repeats its path.
from datetime import datetime, timedelta

import numpy as np

import csp
import csp.random as cr

s = timedelta(seconds=1)


@csp.graph
def g():
    trigger = csp.timer(0.5 * s)
    drift = csp.const(np.array([0.1, -0.3]))
    cov = csp.const(np.array([[1.0, 0.3], [0.3, 2.0]]))
    csp.add_graph_output("value", csp.apply(cr.brownian_motion(trigger, drift, cov, seed=8), list, list))
    csp.add_graph_output("again", csp.apply(cr.brownian_motion(trigger, drift, cov, seed=8), list, list))
    csp.add_graph_output("incr", csp.apply(cr.brownian_motion(trigger, drift, cov, seed=8, return_increments=True),
                                           list, list))


result = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=20))
values = np.array([v for _, v in result["value"]])
increments = np.array([v for _, v in result["incr"]])
print("ticks:", len(values), values.shape)
print("same seed same path:", values.tolist() == [v for _, v in result["again"]])
print("cumsum(increments) == values:", bool(np.allclose(np.cumsum(increments, axis=0), values)))
print("moves:", bool(np.all(np.abs(increments).sum(axis=0) > 0)))
