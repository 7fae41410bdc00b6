# csp.LogSettings: the logger and time zone csp.log uses when none is given; csp.log of baskets.
import logging
import sys
from datetime import datetime, timedelta, timezone

import csp

logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(name)s|%(levelname)s|%(message)s")


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(hours=6), 2)])
    csp.log(logging.INFO, "x", x)
    csp.log(logging.WARNING, "utc8", x, logger_tz=timezone(timedelta(hours=8)))
    y = csp.curve(int, [(timedelta(seconds=1), 10)])
    csp.log(logging.INFO, "list", [x, y])
    csp.log(logging.INFO, "dict", {"x": x, "y": y})


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(days=1))
with csp.LogSettings.with_set("desk", timezone(timedelta(hours=-5))):
    csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(days=1))
csp.LogSettings.set("after")
csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
csp.LogSettings.set()
