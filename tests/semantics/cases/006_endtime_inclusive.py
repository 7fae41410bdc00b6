# The end time is inclusive; csp.run endtime may be a timedelta or a datetime.
from datetime import datetime, timedelta

import csp


@csp.graph
def g():
    csp.print("t", csp.timer(timedelta(seconds=1), 1))


print("timedelta endtime")
csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=3))
print("datetime endtime")
csp.run(g, starttime=datetime(2022, 1, 1), endtime=datetime(2022, 1, 1, 0, 0, 2))
