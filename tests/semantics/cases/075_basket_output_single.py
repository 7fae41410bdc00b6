# A node with a single (unnamed) dict basket output emitted via `return {k: v}` and csp.output({..}).
from datetime import datetime, timedelta
from typing import Dict

import csp
from csp import ts


@csp.node
def route(x: ts[int]) -> csp.OutputBasket(Dict[str, ts[int]], shape=["even", "odd"]):
    if x % 2 == 0:
        return {"even": x}
    csp.output({"odd": x})


@csp.graph
def g():
    r = route(csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 5)]))
    csp.print("even", r["even"])
    csp.print("odd", r["odd"])


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
