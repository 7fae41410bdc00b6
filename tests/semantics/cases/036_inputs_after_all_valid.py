# Input locals before and after every input of a node is valid: values that
# ticked apart, a passive input, an alarm, an input the body reassigns, an
# input read before it ever ticked, and a node of a dynamic sub-graph created
# after one of its inputs ticked.
from datetime import datetime, timedelta

import csp
from csp import ts


def curve(*pairs):
    return csp.curve(int, [(timedelta(seconds=s), v) for s, v in pairs])


@csp.node
def three(a: ts[int], b: ts[int], c: ts[int]) -> ts[str]:
    if csp.valid(a, b):
        c_text = c if csp.valid(c) else "-"
        return f"a={a} b={b} c={c_text} ticked={csp.ticked(a)},{csp.ticked(b)},{csp.ticked(c)}"


@csp.node
def sampled(trigger: ts[int], level: ts[int]) -> ts[str]:
    with csp.alarms():
        wake = csp.alarm(str)
    with csp.start():
        csp.make_passive(level)
        csp.schedule_alarm(wake, timedelta(seconds=2), "first")
    if csp.ticked(wake):
        csp.schedule_alarm(wake, timedelta(seconds=3), "again")
    if csp.valid(trigger, level, wake):
        return f"trigger={trigger} level={level} wake={wake}"


@csp.node
def rebinds(a: ts[int], b: ts[int]) -> ts[str]:
    if csp.valid(a, b):
        if csp.ticked(b):
            a = a * 10
        return f"a={a} b={b}"


@csp.node
def early_read(a: ts[int], b: ts[int]) -> ts[str]:
    try:
        return f"a={a} b={b}"
    except UnboundLocalError:
        return f"a={a} b unbound"


@csp.graph
def g():
    a = curve((1, 1), (4, 4), (6, 6))
    b = curve((2, 20), (5, 50))
    c = curve((3, 300), (6, 600))
    csp.print("three", three(a, b, c))
    csp.print("sampled", sampled(curve((1, 1), (3, 3), (4, 4), (6, 6)), curve((1, 10), (4, 40), (5, 50))))
    csp.print("rebinds", rebinds(a, b))
    csp.print("early_read", early_read(a, b))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=8))


# In a sub-graph created after an outer input ticked, that input is valid but
# its local is unbound until it ticks again.
@csp.node
def late_sum(x: ts[int], y: ts[int]) -> ts[str]:
    try:
        return f"valid={csp.valid(x)} sum={x + y}"
    except UnboundLocalError:
        return f"valid={csp.valid(x)} x unbound, y={y}"


@csp.graph
def sub(key: str, x: ts[int], y: ts[int]) -> ts[str]:
    return late_sum(x, y)


@csp.graph
def dynamic_graph():
    x = curve((1, 1), (4, 4))
    y = curve((1, 10), (3, 30), (5, 50))
    keys = csp.curve(str, [(timedelta(seconds=2), "K")])
    out = csp.dynamic(csp.dynamic_demultiplex(keys, keys), sub, csp.snapkey(), x, y)
    csp.print("dynamic", csp.dynamic_collect(out))


csp.run(dynamic_graph, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=6))
