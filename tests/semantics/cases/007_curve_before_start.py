# csp.curve with an event before the start time.
from datetime import datetime, timedelta

import csp


@csp.graph
def g():
    c = csp.curve(int, [(datetime(2021, 12, 31), -1), (datetime(2022, 1, 1, 0, 0, 1), 1)])
    csp.print("c", c)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
