# csp.schedule_on_engine_stop(f): f runs when the engine stops (called inside a graph).
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def stopper(x: ts[int]):
    with csp.stop():
        print("node stop block")
    print("tick", x)


@csp.graph
def g():
    csp.schedule_on_engine_stop(lambda: print("engine stop callback 1"))
    stopper(csp.const(1))
    csp.schedule_on_engine_stop(lambda: print("engine stop callback 2"))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
