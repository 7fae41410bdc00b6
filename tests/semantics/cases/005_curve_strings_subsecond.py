# csp.curve of str with sub-second timestamps; print shows microseconds.
from datetime import datetime, timedelta

import csp


@csp.graph
def g():
    c = csp.curve(
        str,
        [
            (timedelta(milliseconds=1), "a"),
            (timedelta(milliseconds=500), "b"),
            (timedelta(seconds=1, microseconds=7), "c"),
        ],
    )
    csp.print("c", c)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=2))
