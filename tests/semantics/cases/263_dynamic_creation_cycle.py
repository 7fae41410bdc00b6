# The cycle that creates an instance: start() runs at the key's time, the attached series has ticked,
# a csp.const inside ticks then; a csp.timer inside first ticks one interval later.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def seen(key: str, data: ts[int], c: ts[str], t: ts[bool]):
    with csp.start():
        print(f"{csp.now()} start {key} data valid={csp.valid(data)} ticked={csp.ticked(data)}")
    print(f"{csp.now()} {key} data={data if csp.ticked(data) else '-'} const={c if csp.ticked(c) else '-'} "
          f"timer={csp.ticked(t)} num_ticks={csp.num_ticks(data)}")


@csp.graph
def sub(key: str, data: ts[int]):
    seen(key, data, csp.const(f"c_{key}"), csp.timer(timedelta(seconds=2), True))


@csp.graph
def g():
    data = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=2), 2), (timedelta(seconds=4), 4)])
    keys = csp.curve(str, [(timedelta(seconds=1), "A"), (timedelta(seconds=2), "B"), (timedelta(seconds=4), "A")])
    csp.dynamic(csp.dynamic_demultiplex(data, keys), sub, csp.snapkey(), csp.attach())


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
