# Wiring errors of csp.dynamic arguments: too many, a missing one, an edge of the wrong type, and a
# sub-graph with a basket output; all raise TypeError while the graph is built, naming the sub-graph
# and (where there is one) the argument.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def pricer(key: str, quantity: ts[int]) -> ts[int]:
    return quantity


@csp.graph
def basket_pricer(key: str, quantity: ts[int]) -> {str: ts[int]}:
    return {"p": quantity}


def trigger():
    x = csp.curve(int, [(timedelta(seconds=1), 1)])
    return csp.dynamic_demultiplex(x, csp.const("K"))


cases = [  # (what, build, a word the message must contain)
    ("too many", lambda: csp.dynamic(trigger(), pricer, csp.snapkey(), csp.attach(), 5), "pricer"),
    ("missing", lambda: csp.dynamic(trigger(), pricer, csp.snapkey()), "quantity"),
    ("wrong edge type", lambda: csp.dynamic(trigger(), pricer, csp.snapkey(), csp.const("s")), "quantity"),
    ("basket output", lambda: csp.dynamic(trigger(), basket_pricer, csp.snapkey(), csp.attach()), "basket"),
]
for what, build, word in cases:
    try:
        csp.run(build, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=2))
        print(what, "built")
    except TypeError as e:
        print(what, "TypeError", f"mentions {word}:", word in str(e))
