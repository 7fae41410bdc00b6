# Dict basket input {K: ts[T]}: tickeditems/tickedkeys/validitems/validkeys/keys() and item access.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def show(xs: {str: ts[float]}) -> ts[str]:
    return (
        f"tickeditems={sorted(xs.tickeditems())} tickedkeys={sorted(xs.tickedkeys())} "
        f"validkeys={sorted(xs.validkeys())} validvalues={sorted(xs.validvalues())} "
        f"keys={list(xs.keys())} valid(all)={csp.valid(xs)} ticked(b)={csp.ticked(xs['b'])}"
    )


@csp.graph
def g():
    a = csp.curve(float, [(timedelta(seconds=1), 1.0), (timedelta(seconds=3), 3.0)])
    b = csp.curve(float, [(timedelta(seconds=2), 2.5)])
    c = csp.curve(float, [(timedelta(seconds=3), 0.5)])
    csp.print("d", show({"a": a, "b": b, "c": c}))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
