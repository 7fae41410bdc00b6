# Basket outputs: list basket via csp.OutputBasket(List[ts[T]], shape=n) and dict basket with shape=[keys].
from datetime import datetime, timedelta
from typing import Dict, List

import csp
from csp import ts


@csp.node
def spread_list(x: ts[int], n: int) -> csp.OutputBasket(List[ts[int]], shape="n"):
    csp.output({i: x * (i + 1) for i in range(n) if i != x % n})


@csp.node
def spread_dict(x: ts[int], keys: list) -> csp.OutputBasket(Dict[str, ts[int]], shape="keys"):
    if x % 2:
        csp.output({keys[0]: x})
    else:
        csp.output({k: -x for k in keys})


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 4)])
    lst = spread_list(x, 3)
    for i, e in enumerate(lst):
        csp.print(f"list{i}", e)
    dct = spread_dict(x, ["p", "q"])
    for k in sorted(dct):
        csp.print(f"dict_{k}", dct[k])


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
