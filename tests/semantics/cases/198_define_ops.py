# csp.math.define_binary_op / define_unary_op under csp.math names: those operators and their result types.
from datetime import datetime, timedelta

import csp
import csp.math


def c(typ, points):
    return csp.curve(typ, [(timedelta(seconds=s), v) for s, v in points])


add = csp.math.define_binary_op("add", lambda x, y: x + y)
divide = csp.math.define_binary_op("divide", lambda x, y: x / y)
gt = csp.math.define_binary_op("gt", lambda x, y: x > y)
absolute = csp.math.define_unary_op("abs", abs)
ln = csp.math.define_unary_op("ln", lambda x: x)


@csp.graph
def g():
    i = c(int, [(1, 3), (2, -4)])
    f = c(float, [(1, 2.0), (3, 8.0)])
    for name, edge in [("add_ii", add(i, i)), ("add_if", add(i, f)), ("divide", divide(i, i)), ("gt", gt(i, f)),
                       ("abs_i", absolute(i)), ("ln_f", ln(f))]:
        print(name, edge.tstype.typ.__name__)
        csp.print(name, edge)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
print("cached:", csp.math.define_unary_op("abs", abs) is absolute)
