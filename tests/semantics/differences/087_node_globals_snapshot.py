# A node body sees module globals as they were when the node was defined (rebinding later is not seen,
# mutating a shared object is); a function defined after the node is not visible.
from datetime import datetime, timedelta

import csp
from csp import ts

X = 1
L = []


@csp.node
def n(x: ts[int]) -> ts[str]:
    L.append(x)
    try:
        h = helper(x)
    except NameError:
        h = "NameError"
    return f"X={X} L={L} helper={h}"


def helper(v):
    return v + 1


X = 2
L.append(0)
print(csp.run(n, csp.const(1), starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1)))
