"""Alarms declared with an annotation, 'a: ts[bool] = csp.alarm(bool)', as the documentation writes them."""
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def pulses(x: ts[int]) -> ts[str]:
    with csp.alarms():
        tick: ts[bool] = csp.alarm(bool)
        label = csp.alarm(str)
    with csp.state():
        s_count: int = 0
    with csp.start():
        csp.schedule_alarm(tick, timedelta(seconds=1), True)
        csp.schedule_alarm(label, timedelta(seconds=2), "two")
    parts = []
    if csp.ticked(tick):
        s_count += 1
        csp.schedule_alarm(tick, timedelta(seconds=1), True)
        parts.append(f"tick {s_count}")
    if csp.ticked(label):
        parts.append(label)
    if csp.ticked(x):
        parts.append(f"x {x}")
    return " ".join(parts)


csp.run(csp.print, "out", pulses(csp.const(5)), starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=3))
