# csp.PushMode members and values; const with push_mode=BURST still ticks the plain value (not a list).
from datetime import datetime, timedelta

import csp
from csp import ts

for m in (csp.PushMode.LAST_VALUE, csp.PushMode.NON_COLLAPSING, csp.PushMode.BURST):
    print(m.name, m.value)


@csp.graph
def g():
    csp.print("burst_const", csp.const(5, push_mode=csp.PushMode.BURST))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
