# A graph returning a list basket and a dict basket as named outputs; csp.run result keys for baskets.
from datetime import datetime, timedelta
from typing import Dict, List

import csp
from csp import ts


@csp.graph
def g() -> csp.Outputs(lst=csp.OutputBasket(List[ts[int]], shape=2), dct=csp.OutputBasket(Dict[str, ts[int]], shape=["x", "y"])):
    a = csp.const(1)
    b = csp.const(2, delay=timedelta(seconds=1))
    return csp.output(lst=[a, b], dct={"x": a + 10, "y": b + 10})


res = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
for k in sorted(res.keys(), key=str):
    print(repr(k), [(str(t), v) for t, v in res[k]])
