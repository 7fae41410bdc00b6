# History inside a dynamic sub-graph: num_ticks, values_at and a buffering policy set in start() count
# only the ticks since the instance was built (starting with the creating tick).
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def recent(key: str, x: ts[int], clock: ts[bool]) -> ts[str]:
    with csp.start():
        csp.set_buffering_policy(x, tick_count=3)
    if csp.ticked(x):
        return f"{key} num_ticks={csp.num_ticks(x)} last3={[int(v) for v in csp.values_at(x, -2, 0)]}"
    return f"{key} clock num_ticks={csp.num_ticks(x)} prev={csp.value_at(x, -1, default=None)}"


@csp.graph
def sub(key: str, x: ts[int], clock: ts[bool]) -> ts[str]:
    return recent(key, x, clock)


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s * 10) for s in range(1, 7)])
    keys = csp.curve(str, [(timedelta(seconds=s), "ABAAAB"[s - 1]) for s in range(1, 7)])
    clock = csp.timer(timedelta(seconds=6.5), True)
    res = csp.dynamic(csp.dynamic_demultiplex(x, keys), sub, csp.snapkey(), csp.attach(), clock)
    csp.print("res", csp.dynamic_collect(res))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=7))
