# Scheduling an alarm in the past raises ValueError at run time.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def past(x: ts[int]) -> ts[int]:
    with csp.alarms():
        a = csp.alarm(int)
    if csp.ticked(x):
        csp.schedule_alarm(a, timedelta(seconds=-1), 1)
    return x


try:
    csp.run(past, csp.const(1, delay=timedelta(seconds=5)), starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
except ValueError as e:
    print("ValueError", "Cannot schedule event in the past" in str(e))
