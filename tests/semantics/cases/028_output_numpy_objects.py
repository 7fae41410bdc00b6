# output_numpy for values held as Python objects: object arrays, one element per tick.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def values(x: ts[int]) -> csp.Outputs(s=ts[str], t=ts[tuple], l=ts[[int]], d=ts[dict]):
    csp.output(s=str(x), t=(x, x), l=[x, x], d={"a": x})


@csp.graph
def g():
    n = csp.count(csp.timer(timedelta(seconds=1)))
    out = values(n)
    for name in ("s", "t", "l", "d"):
        csp.add_graph_output(name, out[name])
    csp.add_graph_output("collected", csp.collect([n, n]))


result = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=2), output_numpy=True)
for name, (times, array) in result.items():
    print(name, array.dtype, array.shape, [repr(v) for v in array])
