# csp.run(..., output_numpy=True): each output is a (times, values) pair of numpy arrays.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g() -> csp.Outputs(n=ts[int], f=ts[float]):
    n = csp.count(csp.timer(timedelta(seconds=1)))
    return csp.output(n=n, f=n / 4)


res = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=3), output_numpy=True)
for k in sorted(res):
    times, values = res[k]
    print(k, type(res[k]).__name__, times.dtype, values.dtype)
    print(" ", [str(t) for t in times.astype("datetime64[ms]").tolist()], values.tolist())
