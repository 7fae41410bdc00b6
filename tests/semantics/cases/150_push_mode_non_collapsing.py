# curve with duplicate timestamps, NON_COLLAPSING (default): one tick per cycle, all at the same time.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def cycle_counter(x: ts[int]) -> ts[str]:
    with csp.state():
        s_n = 0
    s_n += 1
    return f"call#{s_n} x={x}"


@csp.graph
def g():
    data = [(timedelta(seconds=1), 1), (timedelta(seconds=1), 2), (timedelta(seconds=1), 3), (timedelta(seconds=2), 4)]
    c = csp.curve(int, data)
    csp.print("c", cycle_counter(c))
    csp.print("count", csp.count(c))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
