# Division by zero and domain errors: / gives inf/nan (also int/int), ln/sqrt give -inf/nan; // and % raise ZeroDivisionError.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    csp.print("fdiv0", csp.const(1.0) / csp.const(0.0))
    csp.print("neg_fdiv0", csp.const(-1.0) / csp.const(0.0))
    csp.print("idiv0", csp.const(1) / csp.const(0))
    csp.print("zero_by_zero", csp.const(0.0) / csp.const(0.0))
    csp.print("ln0", csp.ln(csp.const(0.0)))
    csp.print("sqrt_neg", csp.sqrt(csp.const(-1.0)))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))


@csp.graph
def floordiv0():
    csp.print("floordiv0", csp.const(1) // csp.const(0))


@csp.graph
def mod0():
    csp.print("mod0", csp.const(1.5) % csp.const(0.0))


for graph in (floordiv0, mod0):
    try:
        csp.run(graph, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
    except ZeroDivisionError as e:
        print(graph.__name__, "ZeroDivisionError")
