# csp.engine_start_time() / csp.engine_end_time() while csp.run builds the graph: in a graph body, in a
# nested graph and while computing a curve's data (endtime as a datetime or as a timedelta).
from datetime import datetime, timedelta

import csp


@csp.graph
def inner(label: str):
    print(label, "inner", csp.engine_start_time(), csp.engine_end_time())


@csp.graph
def g(label: str):
    start, end = csp.engine_start_time(), csp.engine_end_time()
    print(label, "graph", start, end, end - start)
    inner(label)
    data = [(start + timedelta(seconds=s), s) for s in range(0, 10, 3) if start + timedelta(seconds=s) <= end]
    csp.print(label, csp.curve(int, data))


csp.run(g, "td", starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
csp.run(g, "dt", starttime=datetime(2022, 1, 1, 12), endtime=datetime(2022, 1, 1, 12, 0, 7))
