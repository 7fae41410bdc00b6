# csp.dynamic_collect(basket): a dict of the keys that ticked this cycle, in tick order; a removal-only
# cycle does not tick the collected series.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def script(step: ts[int]) -> {ts[str]: ts[int]}:
    if step == 1:
        csp.output({"a": 1, "b": 1})
    elif step == 2:
        csp.output({"b": 2, "c": 2})
    elif step == 3:
        csp.remove_dynamic_key("a")
    elif step == 4:
        csp.output({"c": 4, "a": 4})


@csp.graph
def g():
    collected = csp.dynamic_collect(script(csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 5)])))
    csp.print("collect", collected)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
