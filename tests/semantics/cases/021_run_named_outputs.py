# csp.run of a graph with named outputs: keys are the output names.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g() -> csp.Outputs(x=ts[int], y=ts[str]):
    x = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=3), 3)])
    y = csp.const("why")
    return csp.output(x=x, y=y)


res = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
for k in sorted(res.keys()):
    print(k, [(t.isoformat(), v) for t, v in res[k]])
