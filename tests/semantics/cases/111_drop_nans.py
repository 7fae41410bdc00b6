# csp.drop_nans: removes NaN ticks from a float series.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    nan = float("nan")
    f = csp.curve(float, [(timedelta(seconds=s), v) for s, v in enumerate([1.0, nan, 2.0, nan, nan, 3.0], 1)])
    csp.print("clean", csp.drop_nans(f))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
