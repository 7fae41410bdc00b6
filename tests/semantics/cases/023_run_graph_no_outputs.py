# csp.run with add_graph_output only (output_numpy=False), and with no outputs at all (returns None).
from datetime import datetime, timedelta

import csp


@csp.graph
def g():
    csp.add_graph_output("a", csp.const(1.5))


res = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1), output_numpy=False)
print(sorted(res.keys()))
print(res["a"])


@csp.graph
def nothing():
    csp.print("x", csp.const(1))


res = csp.run(nothing, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
print(res)
