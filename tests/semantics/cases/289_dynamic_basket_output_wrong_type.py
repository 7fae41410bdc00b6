# A dynamic basket output checks the type of the values output into it at run time (TypeError naming
# the node and the expected type).
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def emits(x: ts[int]) -> csp.DynamicBasket[str, int]:
    csp.output({"k": x if x < 2 else "text"})


try:
    csp.run(lambda: csp.print("x", csp.dynamic_collect(emits(csp.count(csp.timer(timedelta(seconds=1)))))),
            starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
except TypeError as e:
    print("TypeError", "names emits:", "emits" in str(e), "names int:", "int" in str(e))
