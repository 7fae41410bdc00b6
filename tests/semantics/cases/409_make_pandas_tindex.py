# make_pandas with tindex: rows at the tindex ticks, values as of then.
from datetime import timedelta

import csp
from inputs.pandas_inputs import ST, at, edges

from csp.impl.pandas import make_pandas
def g():
    a, b = edges()
    return make_pandas(csp.timer(timedelta(seconds=2)), {"a": a, "b": b}, 3, tindex=csp.count(a), wait_all_valid=False)


for t, frame in csp.run(g, starttime=ST, endtime=at(6))[0]:
    print(t)
    print(frame)
