# bool(edge) raises ValueError (so `if edge:`, `and`, `or`, `not` on edges fail at wiring).
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    e = csp.const(True)
    for name, f in (("bool", lambda: bool(e)), ("if", lambda: 1 if e else 0), ("not", lambda: not e), ("and", lambda: e and e)):
        try:
            f()
            print(name, "no error")
        except ValueError as ex:
            print(name, "ValueError")
    csp.print("e", e)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
