# The trigger of csp.dynamic must be a dynamic basket and the sub-graph a csp.graph or csp.node: a static
# dict basket, a plain edge or a plain function fail while the graph is built.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def sub(key: str, x: ts[int]):
    csp.print(key, x)


def plain_function(key, x):
    pass


def data():
    return csp.curve(int, [(timedelta(seconds=1), 1)])


cases = [
    ("static dict basket", lambda: csp.dynamic({"A": data()}, sub, csp.snapkey(), csp.attach())),
    ("plain edge", lambda: csp.dynamic(data(), sub, "A", csp.attach())),
    ("plain function", lambda: csp.dynamic(csp.dynamic_demultiplex(data(), csp.const("A")), plain_function,
                                           csp.snapkey(), csp.attach())),
]
for what, build in cases:
    try:
        csp.run(build, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=2))
        print(what, "built")
    except (TypeError, AttributeError):
        print(what, "rejected while building")
