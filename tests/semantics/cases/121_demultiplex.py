# csp.demultiplex(x, key, keys): routes x to the output basket element named by key (unknown keys dropped).
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 6)])
    key = csp.curve(str, [(timedelta(seconds=s), k) for s, k in enumerate(["a", "b", "a", "zz", "b"], 1)])
    out = csp.demultiplex(x, key, ["a", "b"])
    csp.print("a", out["a"])
    csp.print("b", out["b"])

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
