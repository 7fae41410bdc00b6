# Removing a trigger key stops its instance: its stop() runs at the removal time, its key leaves the
# output basket (shape.removed) and it ticks no more; the other instance is unaffected.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def keys_from(cmd: ts[str]) -> {ts[str]: ts[int]}:
    if cmd.startswith("+"):
        csp.output({cmd[1:]: 0})
    else:
        csp.remove_dynamic_key(cmd[1:])


@csp.node
def ticker(key: str, t: ts[bool]) -> ts[str]:
    with csp.state():
        s_n = 0
    with csp.stop():
        print(f"{csp.now()} stop {key} after {s_n} ticks")
    s_n += 1
    print(f"{csp.now()} run {key} n={s_n}")
    return f"{key}{s_n}"


@csp.graph
def sub(key: str) -> ts[str]:
    return ticker(key, csp.timer(timedelta(seconds=1), True))


@csp.node
def shape(b: {ts[str]: ts[str]}) -> ts[str]:
    if csp.ticked(b.shape):
        return f"added={list(b.shape.added)} removed={list(b.shape.removed)} keys={list(b.keys())} ticked={list(b.tickedkeys())}"


@csp.graph
def g():
    cmds = csp.curve(str, [(timedelta(seconds=0.5), "+A"), (timedelta(seconds=0.7), "+B"), (timedelta(seconds=3), "-A")])
    res = csp.dynamic(keys_from(cmds), sub, csp.snapkey())
    csp.print("collect", csp.dynamic_collect(res))
    csp.print("shape", shape(res))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
