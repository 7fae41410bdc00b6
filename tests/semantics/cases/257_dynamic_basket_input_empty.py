# A dynamic basket input before it holds any key: valid, empty, not ticked, shape not valid yet;
# the node runs on its other input; afterwards shape stays valid without ticking.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def late_keys(x: ts[int]) -> {ts[str]: ts[int]}:
    if x in (2, 3):
        csp.output({f"k{x}": x})


@csp.node
def state(b: {ts[str]: ts[int]}, clock: ts[bool]) -> ts[str]:
    return (f"clock={csp.ticked(clock)} valid={csp.valid(b)} ticked={csp.ticked(b)} len={len(b)} "
            f"shape_valid={csp.valid(b.shape)} shape_ticked={csp.ticked(b.shape)}")


@csp.graph
def g():
    clock = csp.timer(timedelta(seconds=1))
    csp.print("s", state(late_keys(csp.count(clock)), clock))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=4))
