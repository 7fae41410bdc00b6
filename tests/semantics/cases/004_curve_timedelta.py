# csp.curve with timedelta offsets from the start time, float values, starttime not at midnight.
from datetime import datetime, timedelta

import csp


@csp.graph
def g():
    c = csp.curve(float, [(timedelta(0), 0.5), (timedelta(seconds=1), 1.5), (timedelta(minutes=1), 2.25)])
    csp.print("c", c)


csp.run(g, starttime=datetime(2022, 1, 1, 9, 30), endtime=timedelta(hours=1))
