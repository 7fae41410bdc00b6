# Generic list basket [ts['T']] and dict basket {'K': ts['T']} inputs resolve T / K from the elements.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def total(xs: [ts["T"]]) -> ts["T"]:
    if csp.valid(xs):
        out = None
        for v in xs.validvalues():
            out = v if out is None else out + v
        return out


@csp.node
def keyed(xs: {"K": ts["T"]}) -> ts[str]:
    return ",".join(f"{k}={v}" for k, v in xs.tickeditems())


@csp.graph
def g():
    csp.print("ints", total([csp.const(1), csp.const(2)]))
    csp.print("strs", total([csp.const("a"), csp.const("b"), csp.const("c")]))
    csp.print("mixed", total([csp.const(1), csp.const(0.5)]))
    csp.print("keyed", keyed({1: csp.const(1.5), 2: csp.const(2.5)}))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
