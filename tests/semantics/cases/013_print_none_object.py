# csp.print of an object-typed series carrying None and of a custom object with __str__.
from datetime import datetime, timedelta

import csp
from csp import ts


class Thing:
    def __str__(self):
        return "Thing!"

    def __repr__(self):
        return "Thing()"


@csp.graph
def g():
    csp.print("none", csp.curve(object, [(timedelta(0), None), (timedelta(seconds=1), 3)]))
    csp.print("thing", csp.const(Thing()))
    csp.print("things", csp.const([Thing()]))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=2))
