"""csp.csp_memoized, csp.memoize and global contexts (csp.new_global_context / clear_global_context)."""

import warnings
from datetime import datetime, timedelta

import pytest

import csp
from csp import ts


def _counting():
    calls = []

    @csp.csp_memoized
    def make(x):
        calls.append(x)
        return object()

    return make, calls


def test_memoized_within_one_build_not_across_builds_nor_outside():
    make, calls = _counting()
    seen = []

    def g():
        seen.append((make(1), make(1), make(x=1), make(2)))

    csp.build_graph(g)
    csp.build_graph(g)
    (a, b, c, d), (e, _, _, _) = seen
    assert a is b is c and a is not d and e is not a
    assert calls == [1, 2, 1, 2]
    assert make(3) is not make(3)  # no graph being built, no global context: not memoized


def test_arguments_are_compared_by_content_and_unhashable_ones_warn():
    make, calls = _counting()

    class Unhashable:
        __hash__ = None

    def g():
        assert make({"a": [1, {2}]}) is make({"a": [1, {2}]})
        u = Unhashable()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert make(u) is not make(u)
        assert "Not memoizing output of" in str(caught[0].message)

    csp.build_graph(g)


def test_force_memoize_memoizes_even_when_turned_off_and_requires_a_scope():
    @csp.csp_memoized(force_memoize=True, function_name="my_provider")
    def forced(x):
        return object()

    def g():
        with csp.memoize(False):
            assert forced(1) is forced(1)
        with pytest.raises(TypeError, match="unhashable"):
            forced(type("U", (), {"__hash__": None})())

    csp.build_graph(g)
    with pytest.raises(RuntimeError, match="Can't memoize my_provider - no memcache instance is set"):
        forced(1)


def test_memoize_false_turns_off_node_and_baselib_memoization_for_its_block():
    @csp.node
    def passthrough(x: ts[int]) -> ts[int]:
        return x

    def g():
        with csp.memoize(False):
            x = csp.const(1)
            assert passthrough(x) is not passthrough(x)
            assert csp.const(1) is not csp.const(1)
        assert passthrough(x) is passthrough(x)

    csp.build_graph(g)


def test_global_context_spans_builds_until_cleared():
    make, calls = _counting()
    csp.new_global_context()
    try:
        first = make(1)
        inside = []
        csp.build_graph(lambda: inside.append(make(1)))
        assert inside[0] is first and make(1) is first
    finally:
        csp.clear_global_context()
    assert make(1) is not first
    csp.clear_global_context()  # clearing when none is set is not an error


def test_global_context_not_enabled_is_active_only_in_its_with_block():
    make, _ = _counting()
    context = csp.new_global_context(False)
    assert make(1) is not make(1)
    with context:
        assert make(1) is make(1)
    assert make(1) is not make(1)


def test_a_second_global_context_or_one_inside_a_build_is_refused():
    with csp.new_global_context(False):
        with pytest.raises(NotImplementedError, match="global context"):
            csp.new_global_context(False)

    def g():
        with pytest.raises(NotImplementedError):
            csp.new_global_context()

    csp.build_graph(g)


def test_runs_in_a_global_context_keep_their_own_nodes():
    with csp.new_global_context(False):
        first = csp.run(lambda: csp.const(1), starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
        second = csp.run(lambda: csp.const(1), starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
    assert first == second == {0: [(datetime(2022, 1, 1), 1)]}


def test_force_memoize_nodes_and_graphs_stay_memoized_when_memoization_is_off():
    @csp.node(force_memoize=True)
    def forced(x: ts[int]) -> ts[int]:
        return x

    @csp.node(memoize=False)
    def never(x: ts[int]) -> ts[int]:
        return x

    @csp.graph(force_memoize=True)
    def forced_graph(x: ts[int]) -> ts[int]:
        return never(x)

    def g():
        x = csp.const(1)
        with csp.memoize(False):
            assert forced(x) is forced(x)
            assert forced_graph(x) is forced_graph(x)
        assert never(x) is not never(x)

    csp.build_graph(g)


def test_graph_object_variant_and_function_names():
    from csp.impl.mem_cache import csp_memoized_graph_object, function_full_name

    @csp_memoized_graph_object
    def edge_of(x):
        return csp.const(x)

    def g():
        assert edge_of(1) is edge_of(1)

    csp.build_graph(g)
    assert function_full_name(print) == "builtins.print"
    assert function_full_name(csp.csp_memoized) == "csp.impl.mem_cache.csp_memoized"


def test_equal_values_of_different_types_are_different_arguments():
    @csp.node
    def tagged(x: ts[int], k: object) -> ts[str]:
        if csp.ticked(x):
            return f"{k!r}"

    seen = {}

    @csp.csp_memoized
    def remember(k):
        return object()

    def graph():
        c = csp.const(1)
        edges = [tagged(c, 1), tagged(c, 1.0), tagged(c, True)]
        seen["distinct nodes"] = len({id(e) for e in edges})
        seen["distinct defaults"] = csp.default(c, 1) is not csp.default(c, 1.0)
        seen["distinct memoized"] = remember(1) is not remember(1.0)
        for i, e in enumerate(edges):
            csp.add_graph_output(i, e)

    out = csp.run(graph, starttime=datetime(2022, 1, 1))
    assert seen == {"distinct nodes": 3, "distinct defaults": True, "distinct memoized": True}
    assert [out[i][0][1] for i in range(3)] == ["1", "1.0", "True"]
