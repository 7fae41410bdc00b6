# start/stop blocks: start runs before the first cycle, stop after the last; csp.now() in each.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def lifecycle(x: ts[int], tag: str):
    with csp.start():
        print(f"start {tag} now={csp.now()}")
    with csp.stop():
        print(f"stop {tag} now={csp.now()}")
    if csp.ticked(x):
        print(f"tick {tag} {x} now={csp.now()}")


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=2), 2)])
    lifecycle(x, "A")
    lifecycle(x, "B")


print("before run")
csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
print("after run")
