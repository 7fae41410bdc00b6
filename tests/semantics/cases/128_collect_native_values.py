# csp.collect of native values: consumers' order in a cycle, unroll, ints with floats.
from datetime import datetime, timedelta
from typing import List

import csp
from csp import ts


@csp.node
def total(x: ts[List[int]]) -> ts[int]:
    return sum(x)


@csp.graph
def g():
    n = csp.count(csp.timer(timedelta(seconds=1)))
    lists = csp.collect([n, n * 10])
    csp.print("lists", lists)
    csp.print("next", n + 1)  # same rank as the print of lists: creation order decides
    csp.print("total", total(lists))
    csp.print("flat", csp.flatten([csp.const(3), csp.const(4)]))
    csp.print("mixed", csp.collect([csp.const(1), csp.const(2.5)]))
    csp.print("times", csp.collect([csp.const(datetime(2022, 1, 2)), csp.const(datetime(2022, 1, 3))]))
    csp.add_graph_output("last", lists, tick_count=1)


result = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=2))
print("last", result["last"])
try:
    csp.run(lambda: csp.collect([csp.const(1), csp.const("a")]), starttime=datetime(2022, 1, 1))
except TypeError:
    print("collect of int and str: TypeError")
