# csp.drop_dups: drops consecutive equal values (int, str, float with eps and NaN).
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), v) for s, v in enumerate([1, 1, 2, 2, 1, 3], 1)])
    csp.print("int", csp.drop_dups(x))
    s = csp.curve(str, [(timedelta(seconds=s), v) for s, v in enumerate(["a", "a", "b"], 1)])
    csp.print("str", csp.drop_dups(s))
    nan = float("nan")
    f = csp.curve(float, [(timedelta(seconds=s), v) for s, v in enumerate([1.0, 1.0 + 1e-15, nan, nan, 2.0, 2.05], 1)])
    csp.print("float", csp.drop_dups(f))
    csp.print("float_eps", csp.drop_dups(f, eps=0.1))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
