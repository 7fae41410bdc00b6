# csp.stop_engine(edge) baselib node stops the engine when the edge ticks; run result holds ticks so far.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g() -> ts[int]:
    t = csp.count(csp.timer(timedelta(seconds=1)))
    csp.stop_engine(csp.filter(t == 4, t))
    return t


res = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=100))
print([(str(t), v) for t, v in res[0]])
