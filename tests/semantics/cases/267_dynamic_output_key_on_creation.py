# The output basket gets an instance's key (shape.added) in the cycle the instance is built, before
# any output tick; the key becomes valid on the instance's first output tick.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def sub(key: str, delay_s: int) -> ts[str]:
    return csp.const(f"{key} after {delay_s}s", delay=timedelta(seconds=delay_s))


@csp.node
def watch(b: {ts[str]: ts[str]}) -> ts[str]:
    added = list(b.shape.added) if csp.ticked(b.shape) else []
    return f"added={added} ticked={list(b.tickeditems())} keys={list(b.keys())} valid={list(b.validkeys())}"


@csp.graph
def g():
    keys = csp.curve(str, [(timedelta(seconds=1), "slow"), (timedelta(seconds=2), "now"), (timedelta(seconds=3), "mid")])
    delays = csp.curve(int, [(timedelta(seconds=1), 5), (timedelta(seconds=2), 0), (timedelta(seconds=3), 1)])
    res = csp.dynamic(csp.dynamic_demultiplex(keys, keys), sub, csp.snapkey(), csp.snap(delays))
    csp.print("out", watch(res))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
