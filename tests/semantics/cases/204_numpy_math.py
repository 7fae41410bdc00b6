# Edge operators and math functions on numpy array series: element-wise, broadcasting as numpy.
from datetime import datetime, timedelta

import numpy as np

import csp


@csp.graph
def g():
    a = csp.curve(np.ndarray, [(timedelta(seconds=1), np.array([1.0, 4.0])), (timedelta(seconds=2), np.array([9.0, 16.0]))])
    b = csp.const(np.array([2.0, 2.0]))
    m = csp.const(np.ones((2, 2)))
    i = csp.const(np.array([1, 2]))
    csp.print("a+b", a + b)
    csp.print("a-1", a - 1)
    csp.print("2*a", 2 * a)
    csp.print("a/b", a / b)
    csp.print("1/a", 1 / a)
    csp.print("a**2", a ** 2)
    csp.print("a//3", a // 3)
    csp.print("a%3", a % 3)
    csp.print("-a", -a)
    csp.print("a+f", a + csp.const(0.5))
    csp.print("a>b", a > b)
    csp.print("a==a", a == a)
    csp.print("i+i", i + i)
    csp.print("m+a", m + a)
    csp.print("sqrt", csp.sqrt(a))
    csp.print("ln", csp.ln(a))
    csp.print("max", csp.max(a, b))
    csp.print("min", csp.min(a, b))
    csp.print("abs", csp.abs(-a))
    print((a + b).tstype.typ, (a > b).tstype.typ)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
