"""The base library nodes."""

from datetime import datetime, timedelta
from typing import List

import pytest

import csp
from csp import ts

START = datetime(2022, 1, 1)


def curve(typ, values, step=1):
    return csp.curve(typ, [(timedelta(seconds=step * i), v) for i, v in enumerate(values, start=1)])


def values_of(edge, **kwargs):
    return [v for _, v in csp.run(edge, starttime=START, endtime=timedelta(seconds=10), **kwargs)[0]]


def test_print_shows_time_tag_and_value(capsys):
    csp.run(lambda: csp.print("x", csp.const([1, "a"])), starttime=START)
    assert capsys.readouterr().out == "2022-01-01 00:00:00 x:[1, 'a']\n"


def test_sample_merge_filter_split():
    x = curve(int, [1, 2, 3, 4])
    assert values_of(csp.sample(csp.timer(timedelta(seconds=2)), x)) == [2, 4, 4, 4, 4]  # timer at 2, 4, .., 10s
    assert values_of(csp.merge(x, curve(int, [10, 20], step=3))) == [1, 2, 3, 4, 20]  # x wins at 3s
    flags = curve(bool, [True, False, True, False])
    assert values_of(csp.filter(flags, x)) == [1, 3]
    outs = csp.split(flags, x)
    assert values_of(outs.true) == [1, 3] and values_of(outs.false) == [2, 4]


def test_count_first_n_delay_diff_accum():
    x = curve(int, [5, 7, 10])
    assert values_of(csp.count(x)) == [1, 2, 3]
    assert values_of(csp.firstN(x, 2)) == [5, 7]
    assert values_of(csp.delay(x, 1)) == [5, 7]
    times = csp.run(csp.delay(x, timedelta(milliseconds=500)), starttime=START)[0]
    assert times[0][0] == START + timedelta(seconds=1.5)
    assert values_of(csp.diff(x, 1)) == [2, 3]
    assert values_of(csp.accum(x)) == [5, 12, 22]


def test_unroll_collect_flatten():
    assert values_of(csp.unroll(csp.const.using(T=List[int])([1, 2, 3]))) == [1, 2, 3]
    a, b = csp.const(1), csp.const(2)
    assert values_of(csp.collect([a, b])) == [[1, 2]]
    assert values_of(csp.flatten([a, b])) == [1, 2]


@pytest.mark.parametrize("typ, values", [(int, [3, -4, 2**40]), (float, [0.5, -1.0, 1e300]), (bool, [True, False, True]),
                                          (datetime, [START, START + timedelta(days=400), datetime(1970, 1, 1)]),
                                          (timedelta, [timedelta(seconds=-1), timedelta(0), timedelta(days=3, microseconds=7)]),
                                          (str, ["a", "b", "c"])])
def test_collect_of_each_type_reaches_python_nodes_and_graph_outputs_as_lists(typ, values):
    seen = []

    @csp.node
    def keep(x: ts[List[typ]]) -> ts[int]:
        seen.append(list(x))
        return len(x)

    def graph():
        # element i ticks at seconds i+1 and 5: lists of one element, then of every element
        edges = [csp.curve(typ, [(timedelta(seconds=i + 1), v), (timedelta(seconds=5), v)]) for i, v in enumerate(values)]
        collected = csp.collect(edges)
        csp.add_graph_output("lists", collected)
        csp.add_graph_output("last", collected, tick_count=1)
        csp.add_graph_output("lengths", keep(collected))

    result = csp.run(graph, starttime=START, endtime=timedelta(seconds=10))
    expected = [[values[0]], [values[1]], [values[2]], values]
    assert [v for _, v in result["lists"]] == expected == seen
    assert all(type(v) is list for _, v in result["lists"])
    assert [[type(item) for item in v] for _, v in result["lists"]] == [[typ] * len(e) for e in expected]
    assert result["last"] == [(START + timedelta(seconds=5), values)]
    assert [v for _, v in result["lengths"]] == [1, 1, 1, 3]


def test_collect_of_passive_elements_and_cycles_where_none_ticked():
    @csp.node
    def passive_collect(trigger: ts[bool], x: [ts[int]]) -> ts[List[int]]:
        with csp.start():
            csp.make_passive(x)
        if csp.ticked(trigger):
            return list(x.validvalues())

    a = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=2), 2)])
    b = csp.curve(int, [(timedelta(seconds=3), 30)])
    collected = csp.collect([a, csp.sample(csp.timer(timedelta(seconds=3)), b)])
    assert values_of(collected) == [[1], [2], [30], [30], [30]]  # the sample ticks at 3s, 6s and 9s
    assert values_of(passive_collect(csp.timer(timedelta(seconds=2), True), [a])) == [[2], [2], [2], [2], [2]]


def test_drop_dups_and_drop_nans():
    assert values_of(csp.drop_dups(curve(int, [1, 1, 2, 2, 1]))) == [1, 2, 1]
    assert values_of(csp.drop_nans(curve(float, [1.0, float("nan"), 2.0]))) == [1.0, 2.0]


def test_default_times_cast_and_casts():
    late = csp.curve(int, [(timedelta(seconds=5), 1)])
    assert values_of(csp.default(late, -1, timedelta(seconds=1))) == [-1, 1]
    assert values_of(csp.times_ns(csp.const(1))) == [int(START.timestamp() * 1e9)]
    assert values_of(csp.cast_int_to_float(csp.const(2))) == [2.0]
    class Base:
        pass

    class Derived(Base):
        pass

    assert csp.static_cast(csp.const.using(T=Base)(Derived()), Derived).tstype == ts[Derived]
    with pytest.raises(TypeError, match="Unable to csp.static_cast edge of type int to float"):
        csp.static_cast(csp.const(1), float)
    with pytest.raises(TypeError, match="dynamic_cast"):
        csp.run(csp.dynamic_cast(csp.const(1), str), starttime=START)


def test_gate_holds_values_until_released():
    x = curve(int, [1, 2, 3])
    release = csp.curve(bool, [(timedelta(seconds=0), False), (timedelta(seconds=2), True)])
    assert values_of(csp.gate(x, release)) == [[1, 2], [3]]


def test_demultiplex_and_multiplex():
    x = curve(int, [1, 2, 3])
    keys = curve(str, ["a", "b", "a"])
    routed = csp.demultiplex(x, keys, ["a", "b"])
    assert values_of(routed["a"]) == [1, 3]
    assert values_of(routed["b"]) == [2]
    assert values_of(csp.multiplex({"a": routed["a"], "b": routed["b"]}, keys)) == [1, 2, 3]


def test_feedback_arrives_in_the_next_cycle_at_the_same_time():
    @csp.node
    def total(x: ts[int], previous: ts[int]) -> ts[int]:
        if csp.ticked(x):
            return x + (previous if csp.valid(previous) else 0)

    @csp.graph
    def g():
        fb = csp.feedback(int)
        running = total(curve(int, [1, 2, 3]), fb.out())
        fb.bind(running)
        return running

    assert values_of(g()) == [1, 3, 6]


def test_delayed_edge_and_schedule_on_engine_stop():
    calls = []

    @csp.graph
    def g():
        later = csp.DelayedEdge(ts[int])
        out = csp.apply(later, lambda v: v + 1, int)
        later.bind(csp.const(1))
        csp.schedule_on_engine_stop(lambda: calls.append("stopped"))
        return out

    assert csp.run(g, starttime=START)[0] == [(START, 2)]
    assert calls == ["stopped"]


def test_unbound_delayed_edge_is_an_error():
    with pytest.raises(RuntimeError, match="unbound DelayedEdge"):
        csp.run(lambda: csp.DelayedEdge(ts[int]) + 1, starttime=START)


def test_merge_ticks_the_type_both_inputs_fit():
    start = datetime(2022, 1, 1)
    mixed = csp.merge(csp.const(1), csp.const(2.5, delay=timedelta(seconds=1)))
    assert mixed.tstype.typ is float
    assert [v for _, v in csp.run(mixed, starttime=start)[0]] == [1.0, 2.5]
    assert csp.merge(csp.const(2.5), csp.const(1)).tstype.typ is float
    with pytest.raises(TypeError, match=r"csp.merge: x is ts\[int\] and y is ts\[str\], which have no common type"):
        csp.merge(csp.const(1), csp.const("s"))


def test_const_types_non_empty_containers_by_their_first_item():
    from typing import Dict, List, Set

    assert csp.const([1, 2.5]).tstype.typ == List[int]
    assert csp.const({3}).tstype.typ == Set[int]
    assert csp.const({"x": 1, "y": 2.5}).tstype.typ == Dict[str, int]
    assert csp.const({}).tstype.typ is dict
