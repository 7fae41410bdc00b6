# csp.build_graph: without times the engine times are None while the graph is built; with starttime and
# endtime they are those; only one of them is an AssertionError; outside a run they raise RuntimeError.
from datetime import datetime, timedelta

import csp


@csp.graph
def g():
    print("building", csp.engine_start_time(), csp.engine_end_time(), csp.is_configured_realtime())
    csp.print("x", csp.const(1))


csp.build_graph(g)
built = csp.build_graph(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=2))
csp.build_graph(g, starttime=datetime(2022, 1, 1), endtime=datetime(2022, 1, 3))
for kwargs in ({"starttime": datetime(2022, 1, 1)}, {"endtime": datetime(2022, 1, 1)}):
    try:
        csp.build_graph(g, **kwargs)
    except AssertionError as e:
        print("AssertionError", e)
csp.run(built, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=2))
for fn in (csp.engine_start_time, csp.engine_end_time):
    try:
        fn()
    except RuntimeError as e:
        print(fn.__name__, "RuntimeError", e)
