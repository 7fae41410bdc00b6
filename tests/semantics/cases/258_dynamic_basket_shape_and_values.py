# basket.shape ticks in the same cycle as the values of new keys, and only when keys are added;
# shape.added lists the new keys in the order they were output.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def script(step: ts[int]) -> {ts[str]: ts[int]}:
    plan = {1: {"x": 1}, 2: {"x": 2, "y": 2, "z": 2}, 3: {"z": 3}, 4: {"w": 4, "x": 4}}
    csp.output(plan[step])


@csp.node
def watch(b: {ts[str]: ts[int]}):
    if csp.ticked(b.shape):
        print(f"{csp.now()} shape added={list(b.shape.added)} removed={list(b.shape.removed)}")
    if csp.ticked(b):
        print(f"{csp.now()} values tickedkeys={list(b.tickedkeys())} tickedvalues={list(b.tickedvalues())}")


@csp.graph
def g():
    watch(script(csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 5)])))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
