# csp.print formatting of datetime and timedelta values and of a non-midnight engine time.
from datetime import datetime, timedelta

import csp


@csp.graph
def g():
    csp.print("dt", csp.const(datetime(2020, 1, 2, 3, 4, 5, 6)))
    csp.print("dt0", csp.const(datetime(2020, 1, 2)))
    csp.print("td", csp.const(timedelta(seconds=1.5)))
    csp.print("td_day", csp.const(timedelta(days=2, hours=1)))
    csp.print("td_neg", csp.const(timedelta(seconds=-1)))
    csp.print("later", csp.const(1, delay=timedelta(hours=13, minutes=2, seconds=3, microseconds=400)))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(days=1))
