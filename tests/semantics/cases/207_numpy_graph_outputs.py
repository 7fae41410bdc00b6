# Graph outputs of numpy array series, as lists of ticks and with output_numpy.
from datetime import datetime, timedelta

import numpy as np

import csp
from csp.typing import Numpy1DArray


@csp.graph
def g():
    x = csp.curve(Numpy1DArray[float], [(timedelta(seconds=1), np.array([1.0, 2.0])), (timedelta(seconds=2), np.array([3.0]))])
    csp.add_graph_output("x", x)
    csp.add_graph_output("grid", csp.const(np.ones((2, 2), dtype=int)))


start = datetime(2022, 1, 1)
print(csp.run(g, starttime=start, endtime=timedelta(seconds=5)))
times, values = csp.run(g, starttime=start, endtime=timedelta(seconds=5), output_numpy=True)["x"]
print(times)
print(values.dtype, values.shape, [v.tolist() for v in values])
