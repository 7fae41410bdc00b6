# A node returning a value of the wrong type fails at run time with TypeError naming the node.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def bad(x: ts[int]) -> ts[int]:
    if x == 2:
        return "two"
    return x


@csp.graph
def g():
    csp.print("bad", bad(csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=2), 2), (timedelta(seconds=3), 3)])))


try:
    csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
except TypeError as e:
    msg = str(e)
    print("TypeError", msg[msg.index('"bad"'):])
