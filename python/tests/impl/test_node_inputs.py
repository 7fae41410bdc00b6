"""How the engine hands input values to a Python node's locals.

A node's generator is resumed either with every single input's and alarm's
value at once (all of them changed) or with only the changed ones flagged;
both paths must give the same locals: an input's local keeps whatever the
node last assigned to it until that input ticks again.
"""

from datetime import datetime, timedelta

import pytest

import csp
from csp import ts

START = datetime(2020, 1, 1)


def at(seconds):
    return START + timedelta(seconds=seconds)


def ticks(*pairs):
    return csp.curve(int, [(at(s), v) for s, v in pairs])


def run(graph, **kwargs):
    return csp.run(graph, starttime=START, endtime=timedelta(seconds=60), **kwargs)


def values_of(result, name=0):
    return [(int((t - START).total_seconds()), v) for t, v in result[name]]


@csp.node
def add(x: ts[int], y: ts[int]) -> ts[int]:
    if csp.valid(x, y):
        return x + y


@csp.node
def reassign(x: ts[int], y: ts[int]) -> ts[tuple]:
    if csp.valid(x, y):
        x = x + 100
        return (x, y)


def test_inputs_ticking_together_and_apart():
    @csp.graph
    def g():
        csp.add_graph_output("sum", add(ticks((1, 1), (2, 2), (3, 3)), ticks((1, 10), (3, 30), (4, 40))))

    assert values_of(run(g), "sum") == [(1, 11), (2, 12), (3, 33), (4, 43)]


def test_reassigned_input_keeps_its_value_until_it_ticks_again():
    @csp.graph
    def g():
        csp.add_graph_output("out", reassign(ticks((10, 1), (40, 4)), ticks((10, 1), (20, 2), (30, 3), (40, 4), (50, 5))))

    # x ticks at 10 and 40 only: in between, each execution adds 100 to the local again
    assert [v for _, v in values_of(run(g), "out")] == [(101, 1), (201, 2), (301, 3), (104, 4), (204, 5)]


def test_reading_an_input_that_never_ticked_raises_unbound_local_error():
    @csp.node
    def reads_y(x: ts[int], y: ts[int]) -> ts[int]:
        return x + y

    @csp.graph
    def g():
        csp.add_graph_output("out", reads_y(ticks((1, 1)), ticks((5, 5))))

    with pytest.raises(UnboundLocalError):
        run(g)


def test_alarm_and_input_in_one_node():
    @csp.node
    def echo_later(x: ts[int]) -> ts[tuple]:
        with csp.alarms():
            later = csp.alarm(int)
        if csp.ticked(x):
            csp.schedule_alarm(later, timedelta(seconds=1), x * 10)
            if csp.ticked(later):
                return ("both", x, later)
            return ("x", x)
        if csp.ticked(later):
            return ("alarm", x, later)

    @csp.graph
    def g():
        csp.add_graph_output("out", echo_later(ticks((1, 1), (2, 2), (5, 5))))

    assert values_of(run(g), "out") == [
        (1, ("x", 1)),
        (2, ("both", 2, 10)),  # the alarm set at 1 fires with the tick at 2
        (3, ("alarm", 2, 20)),
        (5, ("x", 5)),
        (6, ("alarm", 5, 50)),
    ]


def test_passive_input_value_is_seen_without_triggering():
    @csp.node
    def sample(trigger: ts[int], x: ts[int]) -> ts[int]:
        with csp.start():
            csp.make_passive(x)
        if csp.ticked(trigger) and csp.valid(x):
            return x

    @csp.graph
    def g():
        csp.add_graph_output("out", sample(ticks((2, 0), (4, 0), (6, 0)), ticks((1, 1), (3, 3), (5, 5))))

    assert values_of(run(g), "out") == [(2, 1), (4, 3), (6, 5)]


def test_basket_and_single_input():
    @csp.node
    def weighted(xs: [ts[int]], w: ts[int]) -> ts[int]:
        if csp.valid(w) and csp.valid(xs):
            return w * sum(xs.validvalues())

    @csp.graph
    def g():
        xs = [ticks((1, 1), (3, 3)), ticks((2, 2))]
        csp.add_graph_output("out", weighted(xs, ticks((1, 10), (4, 100))))

    assert values_of(run(g), "out") == [(2, 30), (3, 50), (4, 500)]  # valid(xs): every element ticked
