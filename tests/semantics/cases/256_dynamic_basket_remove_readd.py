# Removing a key and adding it again in the same cycle is allowed (shape shows it added and removed);
# a key removed earlier can be added again later and is appended at the end.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def script(step: ts[int]) -> {ts[str]: ts[int]}:
    if step == 1:
        csp.output({"a": 1, "b": 2})
    elif step == 2:
        csp.remove_dynamic_key("a")
        csp.output({"a": 3})
    elif step == 3:
        csp.remove_dynamic_key("a")
    elif step == 4:
        csp.output({"a": 4})


@csp.node
def describe(b: {ts[str]: ts[int]}) -> ts[str]:
    shape = f"added={list(b.shape.added)} removed={list(b.shape.removed)}" if csp.ticked(b.shape) else "no shape"
    return f"{shape} ticked={list(b.tickeditems())} keys={list(b.keys())}"


@csp.graph
def g():
    csp.print("b", describe(script(csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 5)]))))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
