# csp.const: ticks once at start time, or at start + delay.
from datetime import datetime, timedelta

import csp


@csp.graph
def g():
    csp.print("c", csp.const(42))
    csp.print("delayed", csp.const("late", delay=timedelta(seconds=3)))
    csp.print("ms", csp.const(7, delay=timedelta(milliseconds=250)))
    csp.print("us", csp.const(8, delay=timedelta(microseconds=5)))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
