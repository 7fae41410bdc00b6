# Numpy array series through baselib nodes: sample, delay, filter, collect, flatten, default.
from datetime import datetime, timedelta

import numpy as np

import csp
from csp.typing import Numpy1DArray

ST = datetime(2022, 1, 1)


@csp.graph
def g():
    x = csp.curve(Numpy1DArray[float], [(ST + timedelta(seconds=i), np.arange(i + 1, dtype=float)) for i in range(3)])
    csp.add_graph_output("sample", csp.sample(csp.timer(timedelta(seconds=2)), x))
    csp.add_graph_output("delay", csp.delay(x, timedelta(seconds=1)))
    csp.add_graph_output("filter", csp.filter(csp.const(True), x))
    csp.add_graph_output("collect", csp.collect([x, x * 10]))
    csp.add_graph_output("count", csp.count(x))
    print(csp.sample(csp.timer(timedelta(seconds=1)), x).tstype.typ, csp.delay(x, timedelta(seconds=1)).tstype.typ)


results = csp.run(g, starttime=ST, endtime=timedelta(seconds=5))
for key, ticks in results.items():
    for time, value in ticks:
        print(key, time, repr(value))
