# A node with a {ts[str]: ts[int]} output: an unseen key is added, a known key ticks; the consumer sees
# basket.shape.added, tickeditems, validitems and keys in insertion order.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def by_parity(x: ts[int]) -> {ts[str]: ts[int]}:
    csp.output({"odd" if x % 2 else "even": x})


@csp.node
def describe(b: {ts[str]: ts[int]}) -> ts[str]:
    added = list(b.shape.added) if csp.ticked(b.shape) else "-"
    return f"added={added} ticked={list(b.tickeditems())} valid={list(b.validitems())} keys={list(b.keys())} len={len(b)}"


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 5)])
    csp.print("b", describe(by_parity(x)))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
