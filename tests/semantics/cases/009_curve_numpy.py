# csp.curve from a (times, values) pair of numpy arrays.
from datetime import datetime, timedelta

import numpy as np

import csp


@csp.graph
def g():
    times = np.array(["2022-01-01T00:00:01", "2022-01-01T00:00:02.5", "2022-01-01T00:00:04"], dtype="datetime64[ns]")
    csp.print("f", csp.curve(float, (times, np.array([1.5, 2.5, 3.5]))))
    csp.print("i", csp.curve(int, (times, np.array([1, 2, 3]))))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
