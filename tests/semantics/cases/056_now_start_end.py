# csp.now(), csp.engine_start_time(), csp.engine_end_time() inside a node.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def times(x: ts[int]) -> ts[str]:
    with csp.start():
        print("start:", csp.now(), csp.engine_start_time(), csp.engine_end_time())
    return f"now={csp.now()} start={csp.engine_start_time()} end={csp.engine_end_time()}"


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(minutes=2), 2)])
    csp.print("t", times(x))


csp.run(g, starttime=datetime(2022, 1, 1, 12), endtime=timedelta(hours=1))
