# Several keys added in one cycle: instances start in the order the keys were added and, fed by one
# outer edge, run in that order; removing one moves the last instance into its place; stop() blocks at
# the end run in reverse of that order.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def keys_from(cmd: ts[str]) -> {ts[str]: ts[int]}:
    for word in cmd.split():
        if word.startswith("-"):
            csp.remove_dynamic_key(word[1:])
        else:
            csp.output({word: 0})


@csp.node
def member(key: str, clock: ts[int]):
    with csp.start():
        print(f"{csp.now()} start {key}")
    with csp.stop():
        print(f"{csp.now()} stop {key}")
    if csp.ticked(clock):
        print(f"{csp.now()} run {key}")


@csp.graph
def sub(key: str, clock: ts[int]):
    member(key, clock)


@csp.graph
def g():
    cmds = csp.curve(str, [(timedelta(seconds=0.5), "c a b"), (timedelta(seconds=1.5), "-c"), (timedelta(seconds=2.5), "d")])
    clock = csp.count(csp.timer(timedelta(seconds=1)))
    csp.dynamic(keys_from(cmds), sub, csp.snapkey(), clock)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=3))
