# Outer edges passed to a sub-graph: one that ticks in the creation cycle is seen ticked then (in start()
# and in the first call); one that ticked before is valid but its tick is not replayed.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def seen(tag: str, x: ts[int]):
    with csp.start():
        print(f"{csp.now()} {tag} start valid={csp.valid(x)} ticked={csp.ticked(x)}")
    if csp.ticked(x):
        print(f"{csp.now()} {tag} tick {x}")


@csp.graph
def sub(key: str, early: ts[int], same_time: ts[int]):
    seen(f"{key} early", early)
    seen(f"{key} same_time", same_time)


@csp.graph
def g():
    keys = csp.curve(str, [(timedelta(seconds=1), "A"), (timedelta(seconds=3), "B")])
    early = csp.curve(int, [(timedelta(seconds=0.5), 5), (timedelta(seconds=4), 40)])
    same_time = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=2), 2), (timedelta(seconds=3), 3)])
    csp.dynamic(csp.dynamic_demultiplex(keys, keys), sub, csp.snapkey(), early, same_time)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
