# A node with a named dict-basket output plus a scalar output: csp.output(b={k: v}, total=...); shape_of.
from datetime import datetime, timedelta
from typing import Dict, List

import csp
from csp import ts


@csp.node
def fan(xs: {str: ts[int]}) -> csp.Outputs(b=csp.OutputBasket(Dict[str, ts[int]], shape_of="xs"), total=ts[int]):
    csp.output(b={k: v * 10 for k, v in xs.tickeditems()}, total=sum(xs.validvalues()))


@csp.node
def copy_list(xs: [ts[int]]) -> csp.OutputBasket(List[ts[int]], shape_of="xs"):
    return {i: v + 1 for i, v in xs.tickeditems()}


@csp.graph
def g():
    a = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=2), 2)])
    b = csp.curve(int, [(timedelta(seconds=2), 5)])
    r = fan({"a": a, "b": b})
    csp.print("b.a", r.b["a"])
    csp.print("b.b", r.b["b"])
    csp.print("total", r.total)
    lst = copy_list([a, b])
    csp.print("lst0", lst[0])
    csp.print("lst1", lst[1])


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
