# csp.curve is both a module (import csp.curve, from csp.curve import curve) and the curve function.
from datetime import datetime, timedelta
import sys

import csp.curve
from csp.curve import curve

import csp

print(type(sys.modules["csp.curve"]).__name__, callable(csp.curve), curve is csp.curve)


@csp.graph
def g():
    csp.print("x", csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=2), 2)]))
    csp.print("y", curve(str, [(timedelta(seconds=1), "a")]))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=3))
