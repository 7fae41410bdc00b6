# with csp.memoize(False): nodes wired twice with the same arguments become two nodes.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def shout(x: ts[int], tag: str) -> ts[str]:
    print("shout runs", tag, x)
    return f"{tag}{x}"


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=2), 2)])
    shared = [shout(x, "m"), shout(x, "m")]
    with csp.memoize(False):
        separate = [shout(x, "u"), shout(x, "u")]
    print("memoized:", shared[0] is shared[1], "off:", separate[0] is separate[1])
    csp.print("shared", shared[0])


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
