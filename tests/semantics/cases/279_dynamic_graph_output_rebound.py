# A graph output name added by a dynamic instance stays bound after the instance is removed: a new
# instance adding the same name fails with ValueError.
import re
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def keys_from(cmd: ts[str]) -> {ts[str]: ts[int]}:
    if cmd.startswith("+"):
        csp.output({cmd[1:]: 1})
    else:
        csp.remove_dynamic_key(cmd[1:])


@csp.graph
def sub(key: str, x: ts[int]):
    csp.add_graph_output(f"out_{key}", x)


@csp.graph
def g():
    cmds = csp.curve(str, [(timedelta(seconds=1), "+a"), (timedelta(seconds=2), "-a"), (timedelta(seconds=3), "+a")])
    csp.dynamic(keys_from(cmds), sub, csp.snapkey(), csp.attach())


try:
    csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
except ValueError as e:
    print("ValueError", re.sub(r"^\S+\.(cpp|h):[^:]+:\d+:(\w+: )?", "", str(e)))
