# csp.Outputs with named outputs; csp.output(name=value) emits on one or several outputs in one call.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def classify(x: ts[int]) -> csp.Outputs(even=ts[int], odd=ts[int], label=ts[str]):
    if x % 2 == 0:
        csp.output(even=x)
    else:
        csp.output(odd=x, label="odd!")
    if x == 4:
        csp.output(label="four")


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 6)])
    r = classify(x)
    csp.print("even", r.even)
    csp.print("odd", r.odd)
    csp.print("label", r["label"])


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
