# csp.snap of an edge that has not ticked when an instance is built fails at run time with a
# RuntimeError naming the argument position and the dynamic node.
import re
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def sub(key: str, level: int, x: ts[int]):
    csp.print(f"{key} level {level}", x)


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=3), 3)])
    keys = csp.curve(str, [(timedelta(seconds=1), "A"), (timedelta(seconds=3), "B")])
    level = csp.curve(int, [(timedelta(seconds=2), 7)])
    csp.dynamic(csp.dynamic_demultiplex(x, keys), sub, csp.snapkey(), csp.snap(level), csp.attach())


try:
    csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
except RuntimeError as e:
    print("RuntimeError", re.sub(r"^\S+\.(cpp|h):[^:]+:\d+:(\w+: )?", "", str(e)))
