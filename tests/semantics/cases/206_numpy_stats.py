# csp.stats on numpy array series: element-wise results, float arrays only.
from datetime import datetime, timedelta

import numpy as np

import csp
from csp.typing import Numpy1DArray, NumpyNDArray

START = datetime(2022, 1, 1)


@csp.graph
def g():
    x = csp.curve(Numpy1DArray[float], [(START + timedelta(seconds=i), np.array([float(i), 2.0 * i])) for i in range(5)])
    m = csp.curve(NumpyNDArray[float], [(START + timedelta(seconds=i), np.array([[i, 1.0], [2.0, -i]])) for i in range(5)])
    csp.add_graph_output("mean", csp.stats.mean(x, interval=2))
    csp.add_graph_output("sum", csp.stats.sum(x, interval=3))
    csp.add_graph_output("std", csp.stats.stddev(x, interval=3))
    csp.add_graph_output("max", csp.stats.max(m, interval=2))
    csp.add_graph_output("ema", csp.stats.ema(x, alpha=0.5))
    csp.add_graph_output("cov_matrix", csp.stats.cov_matrix(x, interval=3))
    csp.add_graph_output("cross", csp.stats.cross_sectional(x, interval=2, as_numpy=True))
    print(csp.stats.mean(x, interval=2).tstype.typ)
    for typ in (Numpy1DArray[int], NumpyNDArray[bool]):
        try:
            csp.stats.mean(csp.null_ts(typ), interval=2)
        except TypeError:
            print(typ, "TypeError")


results = csp.run(g, starttime=START, endtime=timedelta(seconds=10))
for key, ticks in results.items():
    for time, value in ticks:
        print(key, time, value.tolist())
