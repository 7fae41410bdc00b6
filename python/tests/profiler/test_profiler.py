"""csp.profiler: run statistics taken by the engine, node type names, graph_info, files, engine_stats."""

import csv
import math
import threading
import time
from datetime import datetime, timedelta

import pytest

import csp
from csp import profiler, ts

START = datetime(2022, 1, 1)


@csp.node
def double(x: ts[int]) -> ts[int]:
    return x * 2


@csp.node
def slow_when_three(x: ts[int]) -> ts[int]:
    if x == 3:
        time.sleep(0.02)
    return x


def counter(seconds=1):
    return csp.count(csp.timer(timedelta(seconds=seconds)))


def profile(graph, seconds=5, **kwargs):
    with profiler.Profiler(**kwargs) as p:
        csp.run(graph, starttime=START, endtime=timedelta(seconds=seconds))
    return p.results()


def test_counts_cycles_and_executions_per_node_type():
    def graph():
        n = counter()
        csp.add_graph_output("d", double(n) + 1)
        csp.add_graph_output("e", double(n) - 1)  # the same double node (memoized), a second _binary_op

    info = profile(graph)
    assert info.cycle_count == 6  # the const at the start, then 5 timer ticks
    assert {name: stats["executions"] for name, stats in info.node_stats.items()} == {
        "count": 5, "double": 5, "_binary_op": 12}
    assert info.utilization == pytest.approx(22 / (4 * 6))  # count, double, two operators
    assert set(info.node_stats["double"]) == {"executions", "max_time", "total_time"}


def test_times_are_seconds_on_the_steady_clock():
    info = profile(lambda: csp.add_graph_output("s", slow_when_three(counter())))
    slow = info.node_stats["slow_when_three"]
    assert 0.02 <= slow["max_time"] <= slow["total_time"]
    assert info.max_cycle_time >= slow["max_time"]
    assert info.average_cycle_time == pytest.approx(info.average_cycle_time)
    assert info.average_cycle_time * info.cycle_count >= slow["total_time"]
    assert info.max_time_node()[0] == "slow_when_three"
    assert info.build_time > 0


def test_max_exec_node_and_print_stats_sorting(capsys):
    def graph():
        n = counter()
        csp.add_graph_output("f", csp.filter(n > 2, n))

    info = profile(graph)
    assert info.max_exec_node()[0] in ("count", "_binary_op", "filter")
    info.print_stats(sort_by="name", max_nodes=2)
    table = capsys.readouterr().out.split("Node Type")[1].strip().splitlines()[1:]
    assert [line.split()[0] for line in table] == ["_binary_op", "count"]
    with pytest.raises(ValueError, match="bogus"):
        info.print_stats(sort_by="bogus")


def test_a_profiler_block_profiles_its_first_run_only():
    with profiler.Profiler() as p:
        csp.run(lambda: csp.add_graph_output("c", counter(2)), starttime=START, endtime=timedelta(seconds=4))
        csp.run(lambda: csp.add_graph_output("c", counter(1)), starttime=START, endtime=timedelta(seconds=4))
    assert p.results().cycle_count == 2


def test_a_run_on_another_thread_inside_the_block_is_profiled():
    with profiler.Profiler() as p:
        runner = csp.run_on_thread(lambda: csp.add_graph_output("c", counter()), starttime=START,
                                   endtime=timedelta(seconds=3))
        runner.join(30)
    assert p.results().node_stats["count"]["executions"] == 3


def test_runs_outside_the_block_are_not_profiled():
    p = profiler.Profiler()
    with p:
        pass
    csp.run(lambda: csp.add_graph_output("c", counter()), starttime=START, endtime=timedelta(seconds=3))
    assert not hasattr(p.results(), "cycle_count")


def test_cycle_and_node_files(tmp_path):
    cycles, nodes = tmp_path / "cycles.csv", tmp_path / "nodes.csv"

    def graph():
        csp.add_graph_output("d", double(counter()))

    profile(graph, 3, cycle_file=str(cycles), node_file=str(nodes))
    cycle_rows = list(csv.reader(cycles.open()))
    assert cycle_rows[0] == ["Execution Time"] and len(cycle_rows) == 4
    node_rows = list(csv.reader(nodes.open()))
    assert node_rows[0] == ["Node Type", "Execution Time"]
    assert sorted(row[0] for row in node_rows[1:]) == ["count"] * 3 + ["double"] * 3
    assert all(float(row[1]) >= 0 for row in node_rows[1:])


def test_an_unwritable_file_is_named_in_the_error(tmp_path):
    with pytest.raises(RuntimeError, match="no-such-dir"):
        profile(lambda: csp.add_graph_output("c", counter()), cycle_file=str(tmp_path / "no-such-dir" / "c.csv"))


def test_dump_and_load_stats(tmp_path):
    info = profile(lambda: csp.add_graph_output("d", double(counter())))
    path = tmp_path / "stats.pkl"
    info.dump_stats(str(path))
    loaded = info.load_stats(str(path))
    assert loaded.cycle_count == info.cycle_count
    assert loaded.node_stats == info.node_stats
    assert loaded.graph_info.longest_path == info.graph_info.longest_path
    (tmp_path / "other.pkl").write_bytes(__import__("pickle").dumps([1]))
    with pytest.raises(TypeError, match="not a ProfilerInfo"):
        info.load_stats(str(tmp_path / "other.pkl"))


def test_engine_stats_inside_a_node_sees_the_run_so_far():
    seen = []

    @csp.node
    def watch(x: ts[int]) -> ts[int]:
        seen.append(csp.engine_stats())
        return x

    with profiler.Profiler():
        csp.run(lambda: csp.add_graph_output("w", watch(counter())), starttime=START, endtime=timedelta(seconds=3))
    assert [stats["cycle_count"] for stats in seen] == [0, 1, 2]
    assert [stats["node_stats"]["count"]["executions"] for stats in seen] == [1, 2, 3]
    assert set(seen[-1]) == {"cycle_count", "average_cycle_time", "max_cycle_time", "utilization", "node_stats"}
    assert math.isnan(seen[0]["average_cycle_time"])


def test_engine_stats_errors():
    with pytest.raises(RuntimeError, match="only be used inside a node"):
        csp.engine_stats()

    @csp.node
    def asks(x: ts[int]) -> ts[int]:
        csp.engine_stats()
        return x

    with pytest.raises(ValueError, match="profiler context"):
        csp.run(lambda: csp.add_graph_output("a", asks(csp.const(1))), starttime=START, endtime=timedelta(seconds=1))


def test_results_from_another_thread_while_the_graph_runs():
    started = threading.Event()

    @csp.node
    def pace(x: ts[int]) -> ts[int]:
        started.set()
        time.sleep(0.001)
        return x

    with profiler.Profiler() as p:
        runner = csp.run_on_thread(lambda: csp.add_graph_output("p", pace(counter())), realtime=True,
                                   endtime=timedelta(seconds=30))
        assert started.wait(30)
        during = p.results()
        assert p.running
        runner.stop_engine()
        runner.join(30)
    assert during.node_stats["pace"]["executions"] == during.node_stats["count"]["executions"] >= 1
    assert not p.running
    assert p.results().cycle_count >= during.cycle_count


def test_nodes_of_dynamic_sub_graphs_are_timed_too():
    @csp.graph
    def per_key(key: str, x: ts[int]) -> ts[int]:
        return double(x)

    def graph():
        n = counter()
        parity = csp.apply(n, lambda v: "k" + str(v % 2), str)
        instances = csp.dynamic(csp.dynamic_demultiplex(n, parity), per_key, csp.snapkey(), csp.attach())
        csp.add_graph_output("d", csp.dynamic_collect(instances))

    info = profile(graph, 4)
    assert info.utilization <= 1.0  # the root graph's executions per root node per cycle
    assert info.node_stats["double"]["executions"] == 4  # one instance per key ticks each second
    dynamic = info.node_stats["dynamic<per_key>"]
    assert dynamic["executions"] == 4
    assert dynamic["total_time"] >= info.node_stats["double"]["total_time"]  # its instances' time is part of it
    assert info.graph_info.nodetype_counts["DynamicNodeDef"] == 1


def test_a_dynamic_basket_as_graph_output_is_a_clear_error():
    @csp.graph
    def per_key(key: str, x: ts[int]) -> ts[int]:
        return double(x)

    def graph():
        n = counter()
        csp.add_graph_output("d", csp.dynamic(csp.dynamic_demultiplex(n, csp.apply(n, str, str)), per_key,
                                              csp.snapkey(), csp.attach()))

    with pytest.raises(TypeError, match="dynamic basket.*csp.dynamic_collect"):
        csp.run(graph, starttime=START, endtime=timedelta(seconds=1))


def test_a_graph_built_beforehand_is_profiled_without_a_build_time():
    built = csp.build_graph(lambda: csp.add_graph_output("c", counter()), starttime=START, endtime=timedelta(seconds=3))
    with profiler.Profiler() as p:
        csp.run(built, starttime=START, endtime=timedelta(seconds=3))
    info = p.results()
    assert info.cycle_count == 3 and info.node_stats["count"]["executions"] == 3
    assert not hasattr(info, "build_time")
    info.print_stats()  # without the build time line


def test_a_statistic_is_one_node_under_its_own_name():
    info = profile(lambda: csp.add_graph_output("m", csp.stats.mean(csp.cast_int_to_float(counter()), 3)), 4)
    assert info.node_stats["stats.mean"]["executions"] == 4
    assert info.graph_info.nodetype_counts["stats.mean"] == 1


def test_concurrent_runs_in_one_block_profile_exactly_one():
    with profiler.Profiler() as p:
        runners = [csp.run_on_thread(lambda: csp.add_graph_output("c", counter()), starttime=START,
                                     endtime=timedelta(seconds=3)) for _ in range(4)]
        for runner in runners:
            runner.join(30)
    assert p.results().node_stats["count"]["executions"] == 3


def test_an_observer_that_fails_does_not_keep_others_from_being_told():
    from csp.impl.runtime import RunObserver, add_run_observer, remove_run_observer

    class Failing(RunObserver):
        def run_finished(self, engine):
            raise RuntimeError("observer failed")

    failing = Failing()
    add_run_observer(failing)
    try:
        with profiler.Profiler() as p:
            with pytest.raises(RuntimeError, match="observer failed"):
                csp.run(lambda: csp.add_graph_output("c", counter()), starttime=START, endtime=timedelta(seconds=2))
        assert not p.running and p.results().cycle_count == 2
    finally:
        remove_run_observer(failing)
