"""csp.run: arguments, results, graph kinds, errors, threads and realtime."""

import threading
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

import csp
from csp import ts

START = datetime(2022, 1, 1)


def seconds(n):
    return START + timedelta(seconds=n)


@csp.node
def doubled(x: ts[int]) -> ts[int]:
    return x * 2


def test_an_edge_runs_and_its_ticks_come_back_under_key_zero():
    results = csp.run(csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=2), 2)]), starttime=START)
    assert results == {0: [(seconds(1), 1), (seconds(2), 2)]}


def test_a_node_runs_with_its_arguments():
    assert csp.run(doubled, csp.const(21), starttime=START) == {0: [(START, 42)]}


def test_named_graph_outputs_and_graph_outputs_are_keyed_by_name():
    @csp.graph
    def g():
        csp.add_graph_output("extra", csp.const("e"))
        return {"a": csp.const(1), "b": csp.const(2.5)}

    results = csp.run(g, starttime=START)
    assert sorted(results, key=str) == ["a", "b", "extra"]
    assert results["b"] == [(START, 2.5)]


def test_endtime_is_inclusive_and_accepts_an_offset_or_a_datetime():
    data = [(timedelta(seconds=i), i) for i in range(5)]
    assert [v for _, v in csp.run(csp.curve(int, data), starttime=START, endtime=timedelta(seconds=2))[0]] == [0, 1, 2]
    assert [v for _, v in csp.run(csp.curve(int, data), starttime=START, endtime=seconds(3))[0]] == [0, 1, 2, 3]


def test_timezone_aware_times_are_converted_to_utc():
    eastern = timezone(timedelta(hours=-5))
    results = csp.run(csp.const(1), starttime=datetime(2022, 1, 1, 5, tzinfo=timezone.utc).astimezone(eastern))
    assert results[0][0][0] == datetime(2022, 1, 1, 5)


def test_output_numpy_returns_time_and_value_arrays():
    times, values = csp.run(csp.curve(float, [(timedelta(seconds=1), 0.5), (timedelta(seconds=2), 1.5)]),
                            starttime=START, output_numpy=True)[0]
    assert times.dtype == np.dtype("datetime64[ns]")
    assert values.tolist() == [0.5, 1.5]


def test_build_graph_then_run():
    built = csp.build_graph(lambda: csp.const(3))
    assert csp.run(built, starttime=START) == {0: [(START, 3)]}


def test_an_exception_in_a_node_propagates_with_its_type_and_the_node_name_and_stop_blocks_run():
    stopped = []

    @csp.node
    def fails(x: ts[int]) -> ts[int]:
        with csp.stop():
            stopped.append("fails")
        if x == 2:
            raise KeyError("boom")
        return x

    @csp.node
    def bystander(x: ts[int]):
        with csp.stop():
            stopped.append("bystander")

    def g():
        x = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=2), 2)])
        bystander(x)
        return fails(x)

    with pytest.raises(KeyError, match="boom") as info:
        csp.run(g, starttime=START)
    assert any("fails" in note for note in info.value.__notes__)
    assert sorted(stopped) == ["bystander", "fails"]


def test_stop_engine_inside_a_node_finishes_the_cycle():
    @csp.node
    def stop_at(x: ts[int], n: int) -> ts[int]:
        if x == n:
            csp.stop_engine()
        return x

    data = [(timedelta(seconds=i), i) for i in range(10)]
    assert [v for _, v in csp.run(stop_at, csp.curve(int, data), 3, starttime=START)[0]] == [0, 1, 2, 3]


def test_engine_times_inside_nodes():
    @csp.node
    def times(x: ts[int]) -> ts[str]:
        return f"{csp.engine_start_time()} {csp.engine_end_time()} {csp.now()}"

    result = csp.run(times, csp.const(1, delay=timedelta(seconds=1)), starttime=START, endtime=timedelta(seconds=5))
    assert result[0][0][1] == f"{START} {seconds(5)} {seconds(1)}"



def test_engine_times_while_the_graph_is_built_by_run():
    seen = []

    @csp.graph
    def g():
        seen.append((csp.engine_start_time(), csp.engine_end_time(), csp.is_configured_realtime()))
        start = csp.engine_start_time()
        csp.add_graph_output("x", csp.curve(int, [(start + timedelta(seconds=2), 7)]))

    result = csp.run(g, starttime=START, endtime=timedelta(seconds=5))
    assert seen == [(START, seconds(5), False)]
    assert result["x"] == [(seconds(2), 7)]


def test_build_graph_engine_times_are_none_without_times_and_given_ones_with_them():
    seen = []

    @csp.graph
    def g():
        seen.append((csp.engine_start_time(), csp.engine_end_time()))
        csp.add_graph_output("x", csp.const(1))

    csp.build_graph(g)
    built = csp.build_graph(g, starttime=START, endtime=timedelta(seconds=3))
    assert seen == [(None, None), (START, seconds(3))]
    assert csp.run(built, starttime=START, endtime=timedelta(seconds=3))["x"] == [(START, 1)]


@pytest.mark.parametrize("kwargs", [{"starttime": START}, {"endtime": START}])
def test_build_graph_needs_both_times_or_neither(kwargs):
    with pytest.raises(AssertionError, match="both be specified"):
        csp.build_graph(lambda: csp.const(1), **kwargs)


@pytest.mark.parametrize("function", [csp.engine_start_time, csp.engine_end_time])
def test_engine_times_outside_a_run_raise(function):
    with pytest.raises(RuntimeError, match="not available outside of csp.run"):
        function()


def test_realtime_run_ticks_timers_on_the_wall_clock():
    start = datetime.utcnow()

    @csp.node
    def live(x: ts[bool]) -> ts[bool]:
        return csp.in_realtime()

    results = csp.run(live, csp.timer(timedelta(milliseconds=20)), starttime=start,
                      endtime=timedelta(milliseconds=200), realtime=True)
    ticks = results[0]
    assert 5 <= len(ticks) <= 10
    assert all(value for _, value in ticks)


def test_run_on_thread_can_be_stopped_and_joined():
    runner = csp.run_on_thread(csp.timer, timedelta(milliseconds=5), starttime=datetime.utcnow(),
                               endtime=timedelta(minutes=10), realtime=True)
    threading.Event().wait(0.1)
    assert runner.is_alive()
    runner.stop_engine()
    results = runner.join(timeout=30)
    assert not runner.is_alive()
    assert len(results[0]) > 0


def test_run_on_thread_reraises_errors_in_join():
    runner = csp.run_on_thread(lambda: csp.apply(csp.const(0), lambda v: 1 / v, float), starttime=START)
    with pytest.raises(ZeroDivisionError):
        runner.join(timeout=30)


def test_outputs_declared_any_accept_every_value():
    from typing import Any

    @csp.node
    def anything(x: ts[int]) -> ts[Any]:
        return "text" if x == 1 else x

    ticks = csp.run(anything, csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=2), 2)]), starttime=START)[0]
    assert [v for _, v in ticks] == ["text", 2]


@pytest.mark.parametrize("typ, values", [(int, [1, 2, 3]), (float, [0.5, 1.5, 2.5]), (bool, [True, False, True]),
                                          (str, ["a", "b", "c"])])
def test_curves_from_numpy_arrays_and_numpy_outputs_round_trip(typ, values):
    times = np.array([START + timedelta(seconds=i) for i in range(3)], dtype="datetime64[ns]")
    edge_values = np.array(values, dtype=object if typ is str else None)
    out_times, out_values = csp.run(csp.curve(typ, (times, edge_values)), starttime=START, output_numpy=True)[0]
    assert out_times.tolist() == times.tolist()
    assert list(out_values) == values
    ticks = csp.run(csp.curve(typ, (times, edge_values)), starttime=START)[0]
    assert [v for _, v in ticks] == values


def test_numpy_outputs_of_datetimes_are_datetime64():
    _, values = csp.run(csp.times(csp.const(1)), starttime=START, output_numpy=True)[0]
    assert values.dtype == np.dtype("datetime64[ns]") and values[0] == np.datetime64(START)


def test_outputs_reject_values_that_merely_convert_to_the_declared_type():
    from decimal import Decimal

    @csp.node
    def decimal_out(x: ts[int]) -> ts[float]:
        return Decimal("1.5")  # has __float__, but is not a float

    with pytest.raises(TypeError, match='expected output type on output #0 to be of type "float" got type "Decimal"'):
        csp.run(decimal_out, csp.const(1), starttime=START)
    assert csp.run(doubled, csp.const(2), starttime=START)[0] == [(START, 4)]  # the exact-type fast path


def test_an_int_output_beyond_64_bits_raises_overflow_error():
    @csp.node
    def huge(x: ts[int]) -> ts[int]:
        return x * 2**63  # 2**63 does not fit; 0 does

    assert csp.run(huge, csp.const(0), starttime=START)[0] == [(START, 0)]
    with pytest.raises(OverflowError, match="too big to convert"):
        csp.run(huge, csp.const(1), starttime=START)


def test_int_outputs_keep_their_value_across_the_internal_digit_sizes():
    # One-digit ints (|x| < 2**30) tick through a shortcut; the others through the C API.
    values = [0, 1, -1, 2**30 - 1, -(2**30 - 1), 2**30, -(2**30), 2**62 + 3, -(2**63), 2**63 - 1]

    @csp.node
    def passthrough(x: ts[int]) -> ts[int]:
        return x

    @csp.graph
    def g():
        x = passthrough(csp.unroll(csp.const(values)))
        csp.add_graph_output("x", x)
        csp.add_graph_output("delayed", csp.delay(x, timedelta(seconds=1)))  # a C++ node reads the native value

    out = csp.run(g, starttime=START)
    assert [v for _, v in out["x"]] == values
    assert [v for _, v in out["delayed"]] == values
