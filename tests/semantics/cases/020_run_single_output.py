# csp.run of a graph returning one unnamed edge: result dict keyed by 0 with (datetime, value) tuples.
from datetime import datetime, timedelta

import csp


@csp.graph
def g() -> csp.ts[int]:
    return csp.curve(int, [(timedelta(seconds=1), 10), (timedelta(seconds=2), 20)])


res = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
print(type(res).__name__, sorted(res.keys()))
for t, v in res[0]:
    print(repr(t), repr(v))
print(type(res[0]).__name__, type(res[0][0]).__name__)
