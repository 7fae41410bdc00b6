# csp.feedback: a value bound into feedback arrives in the next cycle at the same engine time.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def step(x: ts[int], fb: ts[int]) -> ts[int]:
    if csp.ticked(x):
        print(f"{csp.now()} x ticked {x}")
        return x
    if csp.ticked(fb):
        print(f"{csp.now()} feedback {fb}")
        if fb < 3:
            return fb + 1


@csp.graph
def g():
    fb = csp.feedback(int)
    out = step(csp.curve(int, [(timedelta(seconds=1), 0), (timedelta(seconds=5), 10)]), fb.out())
    fb.bind(out)
    csp.print("out", out)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
