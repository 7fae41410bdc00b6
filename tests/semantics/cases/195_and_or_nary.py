# csp.and_ / csp.or_ with one, two or more ts[bool] inputs: tick when one ticks, once all are valid.
from datetime import datetime, timedelta

import csp


def c(points):
    return csp.curve(bool, [(timedelta(seconds=s), v) for s, v in points])


@csp.graph
def g():
    a = c([(1, True), (2, False), (3, True), (5, True)])
    b = c([(1, True), (3, True)])
    d = c([(2, True), (3, False), (4, True)])
    csp.print("and3", csp.and_(a, b, d))
    csp.print("or3", csp.or_(a, b, d))
    csp.print("and2", csp.and_(a, b))
    csp.print("or1", csp.or_(d))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
try:
    csp.build_graph(lambda: csp.and_(csp.const(True), csp.const(1)))
except TypeError:
    print("TypeError for a ts[int] input")
