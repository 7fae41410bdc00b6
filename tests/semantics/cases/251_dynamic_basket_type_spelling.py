# csp.DynamicBasket[str, int] and the {ts[str]: ts[int]} shorthand are the same type: either spelling
# connects to the other; several keys output in one dict are added in dict order.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def spelled_long(x: ts[int]) -> csp.DynamicBasket[str, int]:
    csp.output({f"k{x}": x, f"j{x}": 10 * x})


@csp.node
def spelled_short(b: {ts[str]: ts[int]}) -> ts[str]:
    return f"added={list(b.shape.added)} keys={list(b.keys())} ticked={list(b.tickeditems())}"


@csp.node
def long_input(b: csp.DynamicBasket[str, int]) -> ts[int]:
    return sum(b.validvalues())


@csp.graph
def g():
    basket = spelled_long(csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=2), 2)]))
    csp.print("short", spelled_short(basket))
    csp.print("sum", long_input(basket))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
