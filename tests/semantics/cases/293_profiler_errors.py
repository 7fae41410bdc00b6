# Profiler errors and empty results: invalid sort keys, csp.engine_stats outside a node or without a
# profiler, results() before any run.
from datetime import datetime, timedelta

import csp
from csp import profiler, ts


@csp.graph
def g():
    csp.add_graph_output("c", csp.count(csp.timer(timedelta(seconds=1))))


with profiler.Profiler() as p:
    csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=3))
info = p.results()
for call in (lambda: info.print_stats(sort_by="bogus"), lambda: info.graph_info.print_info(sort_by="bogus")):
    try:
        call()
    except ValueError as error:
        print("ValueError", error)

try:
    csp.engine_stats()
except RuntimeError as error:
    print("RuntimeError", error)


@csp.node
def asks(x: ts[int]) -> ts[int]:
    csp.engine_stats()
    return x


@csp.graph
def unprofiled():
    csp.add_graph_output("a", asks(csp.const(1)))


try:
    csp.run(unprofiled, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=3))
except ValueError as error:
    print("ValueError", str(error).split(": ")[-1])

print(profiler.Profiler().results())
with profiler.Profiler() as idle:
    pass
print(idle.results())
