# values_at by datetime range with TimeIndexPolicy INCLUSIVE / EXCLUSIVE / EXTRAPOLATE.
from datetime import datetime, timedelta

import csp
from csp import ts
from csp import TimeIndexPolicy as P


@csp.node
def window(x: ts[int], trig: ts[bool], s: datetime, e: datetime) -> ts[str]:
    with csp.start():
        csp.set_buffering_policy(x, tick_history=timedelta(seconds=100))
        csp.make_passive(x)
    if csp.ticked(trig):
        inc = csp.values_at(x, s, e, P.INCLUSIVE, P.INCLUSIVE).tolist()
        exc = csp.values_at(x, s, e, P.EXCLUSIVE, P.EXCLUSIVE).tolist()
        ext = csp.values_at(x, s, e, P.EXTRAPOLATE, P.EXTRAPOLATE).tolist()
        ext_t = csp.times_at(x, s, e, P.EXTRAPOLATE, P.EXTRAPOLATE).astype("datetime64[s]").tolist()
        return f"{s.second}-{e.second}: inc={inc} exc={exc} ext={ext} ext_times={[str(t) for t in ext_t]}"


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in (1, 2, 4, 5, 7)])
    trig = csp.const(True, delay=timedelta(seconds=8))
    csp.print("w", window(x, trig, datetime(2022, 1, 1, 0, 0, 2), datetime(2022, 1, 1, 0, 0, 5)))
    csp.print("w", window(x, trig, datetime(2022, 1, 1, 0, 0, 3), datetime(2022, 1, 1, 0, 0, 6)))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
