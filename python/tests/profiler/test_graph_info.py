"""csp.profiler.graph_info: counts, node type names as the reference wires them, the longest path."""

from datetime import timedelta

import pytest

import csp
from csp import profiler


def counter(seconds=1):
    return csp.count(csp.timer(timedelta(seconds=seconds)))


def test_counts_nodes_edges_and_types_in_graph_order():
    def graph():
        n = counter()
        csp.print("p", n)
        csp.add_graph_output("a", n + 1)

    info = profiler.graph_info(graph)
    assert info.node_count == 6 and info.edge_count == 5
    assert list(info.nodetype_counts.items()) == [("print", 1), ("count", 1), ("csp.timer", 1),
                                                   ("add_graph_output", 1), ("add", 1), ("csp.const", 1)]


def test_the_longest_path_is_the_first_of_equals():
    def graph():
        a, b = counter(1), counter(2)
        csp.add_graph_output("x", csp.merge(b + 1, a * 2))

    assert profiler.graph_info(graph).longest_path == ["csp.timer", "count", "add", "merge", "add_graph_output"]


def test_names_follow_the_reference_wiring_names():
    def graph():
        n = counter()
        csp.add_graph_output("d", csp.delay(n, timedelta(seconds=1)))
        csp.add_graph_output("t", csp.delay(n, 2))
        csp.add_graph_output("a", csp.and_(n > 1, n < 3))
        csp.add_graph_output("u", csp.drop_dups(n))

    counts = profiler.graph_info(graph).nodetype_counts
    for name in ("_delay_by_timedelta", "_delay_by_ticks", "andnode", "_drop_dups", "csp.timer", "csp.const"):
        assert name in counts
    assert counts["add_graph_output"] == 4


def test_print_info_and_most_common_node(capsys):
    def graph():
        n = counter()
        for i in range(3):
            csp.add_graph_output(i, n + i)

    info = profiler.graph_info(graph)
    assert info.most_common_node() == ("add_graph_output", 3)
    info.print_info(max_nodes=1)
    out = capsys.readouterr().out
    assert "Nodes: 11" in out and "add_graph_output               3" in out and "count  " not in out
    with pytest.raises(ValueError, match='"name", "count"'):
        info.print_info(sort_by="executions")


def test_a_built_graph_and_an_empty_one():
    built = csp.build_graph(lambda: csp.add_graph_output("c", counter()))
    assert profiler.graph_info(built).node_count == 3
    empty = profiler.graph_info(lambda: None)
    assert empty.node_count == 0 and empty.longest_path == [] and empty.most_common_node() is None


def test_a_feedback_is_two_nodes_as_the_reference_counts_them():
    def graph():
        fb = csp.feedback(int)
        n = counter()
        s = csp.merge(n, fb.out())
        fb.bind(s + 1)
        csp.add_graph_output("s", s)

    info = profiler.graph_info(graph)
    assert info.node_count == 8 and info.edge_count == 7
    assert info.nodetype_counts["FeedbackInputDef"] == 1 and info.nodetype_counts["FeedbackOutputDef"] == 1
    assert info.longest_path == ["csp.timer", "count", "merge", "add", "FeedbackOutputDef"]


def test_a_cycle_through_a_delayed_edge_is_described_not_looped_over():
    def graph():
        delayed = csp.DelayedEdge(csp.ts[int])
        x = delayed + 1
        delayed.bind(x)
        csp.add_graph_output("x", x)

    info = profiler.graph_info(graph)  # the engine refuses such a graph; describing it ends
    assert info.node_count == 4 and info.longest_path[-1] == "add_graph_output"
