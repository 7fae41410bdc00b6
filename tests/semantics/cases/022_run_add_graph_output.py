# csp.add_graph_output keys (str and int) are merged into the run result alongside returned outputs.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g() -> ts[int]:
    t = csp.count(csp.timer(timedelta(seconds=1)))
    csp.add_graph_output("doubled", t * 2)
    csp.add_graph_output(7, t + 100)
    return t


res = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=3))
for k in sorted(res.keys(), key=str):
    print(repr(k), [(str(t), v) for t, v in res[k]])
