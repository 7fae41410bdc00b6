# make_pandas with wait_all_valid: no frame before every column is valid; keys of any type.
from datetime import timedelta

import csp
from inputs.pandas_inputs import ST, at

from csp.impl.pandas import make_pandas
def g():
    late = csp.curve(float, [(at(3), 3.0)])
    early = csp.count(csp.timer(timedelta(seconds=1)))
    return {"wait": make_pandas(csp.timer(timedelta(seconds=1)), {("x", 1): late, "n": early}, 5),
            "nowait": make_pandas(csp.timer(timedelta(seconds=1)), {"late": late}, 5, wait_all_valid=False)}


res = csp.run(g, starttime=ST, endtime=at(4))
for key in ("wait", "nowait"):
    for t, frame in res[key]:
        print(key, t)
        print(frame)
