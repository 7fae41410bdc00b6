# csp.cast_int_to_float; csp.static_cast / dynamic_cast from a base class edge to a derived class;
# static_cast int->float or derived->base is a wiring TypeError.
from datetime import datetime, timedelta

import csp
from csp import ts


class Base:
    pass


class Derived(Base):
    def __repr__(self):
        return "Derived()"


@csp.node
def kind(x: ts["T"]) -> ts[str]:
    return f"{type(x).__name__} {x!r}"


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=2), -3)])
    csp.print("cast", kind(csp.cast_int_to_float(x)))
    base_edge = csp.const.using(T=Base)(Derived())
    csp.print("static", csp.static_cast(base_edge, Derived))
    csp.print("dynamic", csp.dynamic_cast(base_edge, Derived))
    for src, typ in ((x, float), (csp.const(Derived()), Base)):
        try:
            csp.static_cast(src, typ)
        except TypeError as e:
            print("TypeError:", e)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
