# csp.curve with absolute datetimes; events after endtime are not processed.
from datetime import datetime, timedelta

import csp


@csp.graph
def g():
    c = csp.curve(
        int,
        [
            (datetime(2022, 1, 1, 0, 0, 1), 1),
            (datetime(2022, 1, 1, 0, 0, 2), 2),
            (datetime(2022, 1, 1, 0, 0, 5), 5),
            (datetime(2022, 1, 1, 0, 0, 9), 9),
        ],
    )
    csp.print("c", c)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=datetime(2022, 1, 1, 0, 0, 5))
