"""Lists that csp.collect makes of native values are native lists in the engine.

Graph outputs and csp.unroll read them as they are; every other consumer (Python
nodes, other C++ nodes, adapters, dynamic sub-graphs, delayed edges, feedbacks)
gets the same values as a Python list. These tests check that every way of
reaching a collect's output sees the lists the reference shows.
"""

from datetime import datetime, timedelta
from typing import List

import numpy as np
import pytest

import csp
from csp import ts

START = datetime(2022, 1, 1)
TYPES = [(int, [3, -4, 2**40]), (float, [0.5, -1.0, 1e300]), (bool, [True, False, True]),
         (datetime, [START, START + timedelta(days=400), datetime(1970, 1, 1)]),
         (timedelta, [timedelta(seconds=-1), timedelta(0), timedelta(days=3, microseconds=7)])]


def staggered(typ, values):
    """Element i ticks at second i + 1 and at second 5: lists of one element, then of all."""
    return [csp.curve(typ, [(timedelta(seconds=i + 1), v), (timedelta(seconds=5), v)]) for i, v in enumerate(values)]


def run(graph, endtime=timedelta(seconds=10), **kwargs):
    return csp.run(graph, starttime=START, endtime=endtime, **kwargs)


@pytest.mark.parametrize("typ, values", TYPES)
def test_unroll_of_a_collect_gives_back_every_value_in_order(typ, values):
    def graph():
        csp.add_graph_output("flat", csp.flatten(staggered(typ, values)))

    flat = run(graph)["flat"]
    assert [v for _, v in flat] == [values[0], values[1], values[2], *values]
    assert [type(v) for _, v in flat] == [typ] * 6
    assert [t for t, _ in flat][-3:] == [START + timedelta(seconds=5)] * 3


@pytest.mark.parametrize("typ, values", TYPES)
def test_a_collect_read_by_every_kind_of_consumer(typ, values):
    seen = []

    @csp.node
    def keep(x: ts[List[typ]]) -> ts[int]:
        seen.append(x)
        return len(x)

    def graph():
        collected = csp.collect(staggered(typ, values))
        csp.add_graph_output("direct", collected)
        csp.add_graph_output("python", keep(collected))
        csp.add_graph_output("delayed", csp.delay(collected, timedelta(seconds=1)))  # a C++ node over objects
        csp.add_graph_output("unrolled", csp.unroll(collected))

    result = run(graph)
    expected = [[values[0]], [values[1]], [values[2]], values]
    assert [v for _, v in result["direct"]] == expected == seen
    assert all(type(v) is list for v in seen)
    assert [v for _, v in result["delayed"]] == expected
    assert [t for t, _ in result["delayed"]] == [START + timedelta(seconds=s) for s in (2, 3, 4, 6)]
    assert [v for _, v in result["python"]] == [1, 1, 1, 3]
    assert [v for _, v in result["unrolled"]] == [values[0], values[1], values[2], *values]


def test_a_collect_bound_to_a_delayed_edge_and_to_a_feedback():
    @csp.node
    def total(x: ts[List[int]]) -> ts[int]:
        return sum(x)

    def graph():
        delayed = csp.DelayedEdge(ts[List[int]])
        csp.add_graph_output("via_delayed", total(delayed))
        fed = csp.feedback(List[int])
        csp.add_graph_output("via_feedback", fed.out())
        collected = csp.collect([csp.const(1), csp.const(2, delay=timedelta(seconds=1))])
        delayed.bind(collected)
        fed.bind(collected)

    result = run(graph)
    assert [v for _, v in result["via_delayed"]] == [1, 2]
    assert result["via_feedback"] == [(START, [1]), (START + timedelta(seconds=1), [2])]


def test_a_collect_as_an_outer_edge_snapped_and_read_by_dynamic_sub_graphs():
    @csp.graph
    def sub(key: str, first: List[int], lists: ts[List[int]]) -> ts[str]:
        return csp.apply(lists, lambda values: f"{key} first={first} now={values}", str)

    def graph():
        n = csp.count(csp.timer(timedelta(seconds=1)))
        collected = csp.collect([n, n * 10])
        keys = csp.curve(str, [(timedelta(seconds=2), "a")])
        out = csp.dynamic(csp.dynamic_demultiplex(keys, keys), sub, csp.snapkey(), csp.snap(collected), collected)
        csp.add_graph_output("a", csp.dynamic_collect(out))

    result = run(graph, endtime=timedelta(seconds=4))
    assert [v["a"] for _, v in result["a"]] == ["a first=[2, 20] now=[2, 20]", "a first=[2, 20] now=[3, 30]",
                                           "a first=[2, 20] now=[4, 40]"]


def test_a_collect_inside_a_dynamic_sub_graph():
    @csp.graph
    def sub(key: str, x: ts[int]) -> ts[int]:
        return csp.unroll(csp.collect([x, x + 100]))

    def graph():
        keys = csp.curve(str, [(timedelta(seconds=1), "k"), (timedelta(seconds=2), "k")])
        out = csp.dynamic(csp.dynamic_demultiplex(keys, keys), sub, csp.snapkey(),
                          csp.count(csp.timer(timedelta(seconds=1))))
        csp.add_graph_output("k", csp.dynamic_collect(out))

    assert [v["k"] for _, v in run(graph, endtime=timedelta(seconds=3))["k"]] == [1, 101, 2, 102, 3, 103]


def test_unroll_of_a_python_list_still_reads_python_objects():
    @csp.node
    def make(x: ts[int]) -> ts[List[int]]:
        return list(range(x))

    def graph():
        csp.add_graph_output("flat", csp.unroll(make(csp.count(csp.timer(timedelta(seconds=1))))))

    assert [v for _, v in run(graph, endtime=timedelta(seconds=3))["flat"]] == [0, 0, 1, 0, 1, 2]


@pytest.mark.parametrize("make", [
    lambda: csp.collect([csp.const(1), csp.const(2)]),  # a native list
    lambda: csp.const.using(T=List[int])([1, 2]),  # a Python list
    lambda: csp.const.using(T=object)((1, 2)),
    lambda: csp.const("ab"),
])
def test_output_numpy_gives_object_arrays_for_values_held_as_objects(make):
    times, values = run(lambda: csp.add_graph_output("out", make()), output_numpy=True)["out"]
    assert times.dtype == np.dtype("datetime64[ns]")
    assert values.dtype == object and values.shape == (1,)


def test_consumers_of_a_collect_keep_their_place_in_the_cycle(capsys):
    def graph():
        x = csp.const(1)
        csp.print("A", csp.collect([x]))  # a Python-list consumer, at the rank of x + 1's consumers
        csp.print("B", x + 1)
        csp.print("C", csp.collect([x, x]))

    run(graph)
    assert capsys.readouterr().out.splitlines() == [
        "2022-01-01 00:00:00 A:[1]", "2022-01-01 00:00:00 B:2", "2022-01-01 00:00:00 C:[1, 1]"]


def test_unroll_of_a_delayed_collect_declared_with_another_element_type():
    def graph():
        delayed = csp.DelayedCollect(float)
        delayed.add_input(csp.const(1))  # an int collect behind a ts[List[float]]
        csp.add_graph_output("flat", csp.unroll(delayed.output()))

    flat = run(graph)["flat"]
    assert flat == [(START, 1.0)] and type(flat[0][1]) is float


def test_a_collect_of_ints_and_floats_is_a_list_of_floats_and_other_mixes_are_refused():
    def graph():
        csp.add_graph_output("mixed", csp.collect([csp.const(1), csp.const(2.5)]))

    mixed = run(graph)["mixed"]
    assert mixed == [(START, [2.5, 1.0])]  # the int goes through a cast: it ticks later in the cycle
    assert [type(v) for v in mixed[0][1]] == [float, float]
    with pytest.raises(TypeError, match="csp.collect: the elements' types int and str have no common type"):
        run(lambda: csp.add_graph_output("bad", csp.collect([csp.const(1), csp.const("a")])))
