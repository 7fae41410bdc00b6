# csp.snap(edge) is the edge's value when the instance is built, after the edge has been computed in
# that cycle (a derived edge ticking in the creation cycle gives its new value); each key snaps anew.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def sub(key: str, at_creation: int, count_at_creation: int, data: ts[int]) -> ts[str]:
    return csp.apply(data, lambda v: f"{key}: created with {at_creation} (count {count_at_creation}), now {v}", str)


@csp.graph
def g():
    data = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 6)])
    keys = csp.curve(str, [(timedelta(seconds=s), k) for s, k in [(1, "A"), (2, "A"), (3, "B"), (4, "C"), (5, "B")]])
    derived = data * 100 + 7
    count = csp.count(data)
    res = csp.dynamic(csp.dynamic_demultiplex(data, keys), sub, csp.snapkey(), csp.snap(derived), csp.snap(count),
                      csp.attach())
    csp.print("res", csp.dynamic_collect(res))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
