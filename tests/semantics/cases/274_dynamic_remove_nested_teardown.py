# Removing an outer key tears its whole instance down at the removal time: the instance's own nodes stop
# in the order they were wired, its nested csp.dynamic stops its inner instances newest first.
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
def life(name: str, x: ts[int]):
    with csp.start():
        print(f"{csp.now()} start {name}")
    with csp.stop():
        print(f"{csp.now()} stop {name}")


@csp.graph
def inner(okey: str, ikey: str, x: ts[int]):
    life(f"{okey}/{ikey}/n1", x)
    life(f"{okey}/{ikey}/n2", x)


@csp.graph
def outer(okey: str, cmds: ts[str]):
    life(f"{okey}/first", csp.const(0))
    csp.dynamic(keys_from(cmds), inner, okey, csp.snapkey(), csp.attach())
    life(f"{okey}/last", csp.const(0))


@csp.graph
def g():
    outer_cmds = csp.curve(str, [(timedelta(seconds=1), "X Y"), (timedelta(seconds=3), "-X")])
    inner_cmds = csp.curve(str, [(timedelta(seconds=2), "a b")])
    csp.dynamic(keys_from(outer_cmds), outer, csp.snapkey(), inner_cmds)
    csp.print("tick", csp.timer(timedelta(seconds=2)))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=4))
