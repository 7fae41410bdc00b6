# csp.DataFrame.to_pandas_ts with a timedelta window, waiting for every column.
from datetime import timedelta

import csp
from inputs.pandas_inputs import ST, at, edges


def g():
    df = csp.DataFrame(dict(zip("ab", edges())))
    return df.to_pandas_ts(csp.timer(timedelta(seconds=2)), timedelta(seconds=1))


for t, frame in csp.run(g, starttime=ST, endtime=at(6))[0]:
    print(t)
    print(frame)
    print(frame.dtypes.tolist(), frame.index.dtype)
