# The output basket of one csp.dynamic is the trigger of another: the second builds its instance in the
# cycle the first instance is built (its key appears then), before the first instance's output ticks.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def scaled(key: str, x: ts[int]) -> ts[int]:
    return csp.delay(x * 10, timedelta(seconds=0.5))


@csp.node
def announce(key: str, x: ts[int]) -> ts[str]:
    with csp.start():
        print(f"{csp.now()} second-level start {key} input valid={csp.valid(x)}")
    return f"{key}={x}"


@csp.graph
def labelled(key: str, x: ts[int]) -> ts[str]:
    return announce(key, x)


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 5)])
    keys = csp.curve(str, [(timedelta(seconds=s), "PQQP"[s - 1]) for s in range(1, 5)])
    first = csp.dynamic(csp.dynamic_demultiplex(x, keys), scaled, csp.snapkey(), csp.attach())
    second = csp.dynamic(first, labelled, csp.snapkey(), csp.attach())
    csp.print("second", csp.dynamic_collect(second))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
