# Math functions: exp, ln, log2, log10, sqrt, sin, cos, pow, min, max, floordiv, mod.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    x = csp.const(2.0)
    i = csp.const(8)
    csp.print("exp", csp.exp(x))
    csp.print("ln", csp.ln(x))
    csp.print("log2", csp.log2(i))
    csp.print("log10", csp.log10(csp.const(1000.0)))
    csp.print("sqrt", csp.sqrt(x))
    csp.print("sin", csp.sin(x))
    csp.print("cos", csp.cos(x))
    csp.print("pow", csp.pow(i, csp.const(2)))
    csp.print("min", csp.min(i, csp.const(3)))
    csp.print("max", csp.max(x, csp.const(3.0)))
    csp.print("floordiv", csp.floordiv(i, csp.const(3)))
    csp.print("mod", csp.mod(i, csp.const(3)))
    csp.print("exp_int", csp.exp(csp.const(1)))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
