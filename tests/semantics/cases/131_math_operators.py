# Edge operators + - * / // % ** with edges and scalar operands on both sides.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    a = csp.const(7)
    b = csp.const(2)
    x = csp.const(2.5)
    csp.print("a+b", a + b)
    csp.print("a-b", a - b)
    csp.print("a*b", a * b)
    csp.print("a/b", a / b)
    csp.print("a//b", a // b)
    csp.print("a%b", a % b)
    csp.print("a**b", a**b)
    csp.print("a+1", a + 1)
    csp.print("10-a", 10 - a)
    csp.print("2*x", 2 * x)
    csp.print("x/2", x / 2)
    csp.print("1/x", 1 / x)
    csp.print("x**2", x**2)
    csp.print("a+x", a + x)

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
