# csp.print formatting of int, str, bool, list, dict, tuple values.
from datetime import datetime, timedelta

import csp


@csp.graph
def g():
    csp.print("int", csp.const(1))
    csp.print("neg", csp.const(-17))
    csp.print("str", csp.const("hi there"))
    csp.print("empty", csp.const(""))
    csp.print("bool", csp.const(True))
    csp.print("false", csp.const(False))
    csp.print("list", csp.const([1, 2, 3]))
    csp.print("strlist", csp.const(["a", "b"]))
    csp.print("dict", csp.const({"a": 1}))
    csp.print("tuple", csp.const((1, 2)))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
