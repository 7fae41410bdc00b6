# Arguments of a dynamic sub-graph: positional and keyword scalars, defaults, an outer edge,
# csp.snap(edge) (its value when the instance is built), csp.snapkey() and csp.attach().
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def report(label: str, key: str, first_seen: int, data: ts[int], outer: ts[int], scale: int) -> ts[str]:
    with csp.state():
        s_outer = None
    if csp.ticked(outer):
        s_outer = outer
    if csp.ticked(data):
        return f"{label} key={key} first_seen={first_seen} data={data * scale} outer={s_outer}"


@csp.graph
def sub(key: str, data: ts[int], outer: ts[int], first_seen: int, label: str, scale: int = 1) -> ts[str]:
    return report(label, key, first_seen, data, outer, scale)


@csp.graph
def g():
    data = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 6)])
    keys = csp.curve(str, [(timedelta(seconds=s), "ABAB"[s % 4]) for s in range(1, 6)])
    outer = csp.curve(int, [(timedelta(seconds=1.5), 100), (timedelta(seconds=3.5), 300)])
    trigger = csp.dynamic_demultiplex(data, keys)
    first = csp.dynamic(trigger, sub, csp.snapkey(), csp.attach(), outer, csp.snap(data), "pos")
    second = csp.dynamic(trigger, sub, csp.snapkey(), csp.attach(), outer, csp.snap(data), label="kw", scale=10)
    csp.print("pos", csp.dynamic_collect(first))
    csp.print("kw", csp.dynamic_collect(second))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
