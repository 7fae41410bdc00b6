# csp.remove_dynamic_key(key): the consumer sees shape.removed; the last key moves into the removed
# key's place in keys(); a cycle that only removes still invokes the consumer (csp.ticked(b) is False).
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def script(step: ts[int]) -> {ts[str]: ts[int]}:
    if step == 1:
        csp.output({"a": 1, "b": 2, "c": 3, "d": 4})
    elif step == 2:
        csp.remove_dynamic_key("a")
    elif step == 3:
        csp.remove_dynamic_key("c")
        csp.output({"e": 5})
    elif step == 4:
        csp.output({"a": 10, "b": 20})


@csp.node
def describe(b: {ts[str]: ts[int]}) -> ts[str]:
    shape = f"added={list(b.shape.added)} removed={list(b.shape.removed)}" if csp.ticked(b.shape) else "no shape"
    return f"{shape} ticked={csp.ticked(b)} {list(b.tickeditems())} keys={list(b.keys())} valid={list(b.validkeys())}"


@csp.graph
def g():
    step = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 5)])
    csp.print("b", describe(script(step)))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
