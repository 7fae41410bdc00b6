# csp.DataFrame.to_pandas_ts with a tick-count window, not waiting for every column.
from datetime import timedelta

import csp
from inputs.pandas_inputs import ST, at, edges


def g():
    df = csp.DataFrame(dict(zip("ab", edges())))
    return df.to_pandas_ts(csp.timer(timedelta(seconds=1)), 2, wait_all_valid=False)


for t, frame in csp.run(g, starttime=ST, endtime=at(4))[0]:
    print(t)
    print(frame)
