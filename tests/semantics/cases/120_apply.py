# csp.apply(x, f, result_type) and edge.apply(f) (result type defaults to the input type).
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=1), 3), (timedelta(seconds=2), 4)])
    csp.print("apply", csp.apply(x, lambda v: v * v, int))
    csp.print("to_str", csp.apply(x, str, str))
    csp.print("method", x.apply(lambda v: v * 2))
    csp.print("float_result", csp.apply(x, lambda v: v / 2, float))
    csp.print("method_args", x.apply(lambda v, a, b: v * a + b, 10, 1))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
