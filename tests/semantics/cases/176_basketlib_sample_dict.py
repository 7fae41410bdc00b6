# csp.basketlib.sample_dict / sample_basket on a dict: same keys, sampled on the trigger.
from datetime import datetime, timedelta

import csp
import csp.basketlib as bl

s = timedelta(seconds=1)


@csp.graph
def g():
    x = {"x": csp.curve(float, [(1 * s, 1.0), (3 * s, 3.0)]), "y": csp.curve(float, [(2 * s, 2.5)])}
    out = bl.sample_dict(csp.timer(1.5 * s), x)
    csp.print("keys", csp.const(list(out)))
    csp.print("x", out["x"])
    csp.print("y", out["y"])
    other = bl.sample_basket(csp.curve(int, [(2 * s, 0)]), x)
    csp.print("basket x", other["x"])
    csp.print("basket y", other["y"])


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
