"""What the live table tests (websocket tables, Perspective) publish: a struct ticking for three symbols."""

from datetime import datetime, timedelta

import csp
from csp import ts


class Tick(csp.Struct):
    sym: str
    px: float
    n: int
    t: datetime
    ok: bool


@csp.node
def ticks(count: int, interval: timedelta) -> ts[Tick]:
    """``count`` ticks every ``interval``: tick n is for S{n % 3}, px n / 2, t 2024-01-01 + n s, ok n even."""
    with csp.alarms():
        a = csp.alarm(int)
    with csp.start():
        csp.schedule_alarm(a, interval, 0)
    if csp.ticked(a):
        if a + 1 < count:
            csp.schedule_alarm(a, interval, a + 1)
        return Tick(sym=f"S{a % 3}", px=a * 0.5, n=a, t=datetime(2024, 1, 1) + timedelta(seconds=a), ok=a % 2 == 0)
