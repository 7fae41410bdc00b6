# Wiring errors of the special arguments: csp.snapkey() or csp.snap() into a parameter of another type,
# csp.snap of a scalar, csp.attach() inside a list argument; all TypeError while the graph is built.
from datetime import datetime, timedelta
from typing import List

import csp
from csp import ts


@csp.graph
def by_int_key(int_key: int, x: ts[int]):
    csp.print("x", x)


@csp.graph
def by_str(symbol_name: str, x: ts[int]):
    csp.print(symbol_name, x)


@csp.graph
def by_list(series: List[ts[int]]):
    csp.print("x", series[0])


def data():
    return csp.curve(int, [(timedelta(seconds=1), 1)])


def trigger():
    return csp.dynamic_demultiplex(data(), csp.const("K"))


cases = [  # (what, build, a word the message must contain)
    ("snapkey str into int", lambda: csp.dynamic(trigger(), by_int_key, csp.snapkey(), csp.attach()), "int_key"),
    ("snap int into str", lambda: csp.dynamic(trigger(), by_str, csp.snap(data()), csp.attach()), "symbol_name"),
    ("snap of a scalar", lambda: csp.dynamic(trigger(), by_str, csp.snap(5), csp.attach()), "snap"),
    ("attach in a list", lambda: csp.dynamic(trigger(), by_list, [csp.attach()]), "attach"),
]
for what, build, word in cases:
    try:
        csp.run(build, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=2))
        print(what, "built")
    except TypeError as e:
        print(what, "TypeError", f"mentions {word}:", word in str(e))
