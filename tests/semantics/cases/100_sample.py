# csp.sample(trigger, x): emits x's current value when trigger ticks; nothing before x is valid.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=2), 2), (timedelta(seconds=4), 4), (timedelta(seconds=5), 5)])
    trig = csp.timer(timedelta(seconds=1.5))
    csp.print("sampled", csp.sample(trig, x))
    csp.print("same_time", csp.sample(x, x))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
