# A key removed from the trigger and added again gets a fresh instance: start() runs again, node state
# starts over and csp.snap arguments are taken anew.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def keys_from(cmd: ts[str]) -> {ts[str]: ts[int]}:
    if cmd.startswith("+"):
        csp.output({cmd[1]: int(cmd[2:])})
    else:
        csp.remove_dynamic_key(cmd[1:2])


@csp.node
def counter(key: str, generation: int, x: ts[int]) -> ts[str]:
    with csp.state():
        s_seen = []
    with csp.start():
        print(f"{csp.now()} start {key} generation {generation}")
    with csp.stop():
        print(f"{csp.now()} stop {key} generation {generation} seen {s_seen}")
    s_seen.append(x)
    return f"{key}#{generation} seen {s_seen}"


@csp.graph
def sub(key: str, generation: int, x: ts[int]) -> ts[str]:
    return counter(key, generation, x)


@csp.graph
def g():
    cmds = csp.curve(str, [(timedelta(seconds=s), c) for s, c in [(1, "+A1"), (2, "+A2"), (3, "-A"), (4, "+A4"), (5, "+A5")]])
    trigger = keys_from(cmds)
    generation = csp.count(cmds)
    res = csp.dynamic(trigger, sub, csp.snapkey(), csp.snap(generation), csp.attach())
    csp.print("res", csp.dynamic_collect(res))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
