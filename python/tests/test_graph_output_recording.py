"""Graph outputs: what csp.run returns for every native value type, however the ticks were recorded
(every tick, the last tick_count ticks, a tick_history window), as lists and as numpy arrays."""

import gc
from datetime import datetime, timedelta

import numpy as np
import pytest

import csp

START = datetime(2022, 1, 1)
TICKS = 5000  # more than the first storage block: recording grows it several times


def value_of(typ, n):
    return {
        int: n * 7 - 3,
        float: n / 8,
        bool: n % 3 == 0,
        datetime: START + timedelta(milliseconds=n * 1.5),
        timedelta: timedelta(microseconds=n * 11 - 20_000),
    }[typ]


def numpy_of(typ, values):
    if typ is datetime:
        return np.array(values, dtype="datetime64[ns]")
    if typ is timedelta:
        return np.array(values, dtype="timedelta64[ns]")
    return np.array(values)


def run_typed(typ, ticks=TICKS, **output_args):
    def graph():
        n = csp.count(csp.timer(timedelta(seconds=1)))
        csp.add_graph_output("out", csp.apply(n, lambda v: value_of(typ, v), typ), **output_args)

    end = START + timedelta(seconds=ticks)
    return (csp.run(graph, starttime=START, endtime=end)["out"],
            csp.run(graph, starttime=START, endtime=end, output_numpy=True)["out"])


TYPES = [int, float, bool, datetime, timedelta]


@pytest.mark.parametrize("typ", TYPES)
def test_every_tick_comes_back_as_tuples_and_as_arrays(typ):
    expected = [(START + timedelta(seconds=n), value_of(typ, n)) for n in range(1, TICKS + 1)]
    ticks, (times, values) = run_typed(typ)
    assert ticks == expected
    assert all(type(v) is typ for _, v in ticks)
    assert times.dtype == np.dtype("datetime64[ns]") and times.shape == (TICKS,)
    np.testing.assert_array_equal(times, np.array([t for t, _ in expected], dtype="datetime64[ns]"))
    want = numpy_of(typ, [v for _, v in expected])
    assert values.dtype == want.dtype
    np.testing.assert_array_equal(values, want)


@pytest.mark.parametrize("typ", TYPES)
@pytest.mark.parametrize("output_args, first", [({"tick_count": 3}, TICKS - 2), ({"tick_count": TICKS + 5}, 1),
                                                ({"tick_count": 0}, TICKS)])  # 0: the last tick, as in the reference
def test_a_tick_count_keeps_the_last_ticks(typ, output_args, first):
    expected = [(START + timedelta(seconds=n), value_of(typ, n)) for n in range(first, TICKS + 1)]
    ticks, (times, values) = run_typed(typ, **output_args)
    assert ticks == expected
    np.testing.assert_array_equal(values, numpy_of(typ, [v for _, v in expected]).reshape(len(expected)))
    assert len(times) == len(expected)


@pytest.mark.parametrize("typ", TYPES)
def test_an_output_that_never_ticks_is_empty(typ):
    def graph():
        csp.add_graph_output("out", csp.null_ts(typ))

    assert csp.run(graph, starttime=START, endtime=timedelta(seconds=10)) == {"out": []}
    times, values = csp.run(graph, starttime=START, endtime=timedelta(seconds=10), output_numpy=True)["out"]
    assert times.shape == (0,) and values.shape == (0,)


def test_each_run_returns_arrays_of_its_own_that_outlive_the_result():
    first_times, first_values = run_typed(int, ticks=2000)[1]
    second_times, second_values = run_typed(int, ticks=2000)[1]
    first_values += 1
    gc.collect()
    assert second_values[0] == value_of(int, 1) and first_values[0] == value_of(int, 1) + 1
    assert first_times[0] == second_times[0] == np.datetime64(START + timedelta(seconds=1))
    assert int(second_values.sum()) == sum(value_of(int, n) for n in range(1, 2001))


def test_tuples_of_object_values_are_still_seen_by_the_cycle_collector():
    class Holder:
        pass

    def graph():
        csp.add_graph_output("out", csp.apply(csp.timer(timedelta(seconds=1)), lambda _: Holder(), object))

    ticks = csp.run(graph, starttime=START, endtime=timedelta(seconds=3))["out"]
    holder = ticks[0][1]
    holder.cycle = ticks  # ticks -> tuple -> holder -> ticks
    assert gc.is_tracked(ticks)
    del ticks, holder
    assert gc.collect() > 0


def test_datetimes_handed_back_are_plain_naive_datetimes_whatever_their_field_values():
    from csp import _native

    assert _native.direct_datetime_construction()  # CPython: the direct path below is the one exercised
    stamps = [datetime(1678, 1, 1), datetime(1969, 12, 31, 23, 59, 59, 999999), datetime(1970, 1, 1),
              datetime(2000, 2, 29, 12, 30, 15, 123456), datetime(2020, 12, 31, 23, 59, 59, 1),
              datetime(2261, 12, 31, 23, 59, 50, 999999)]

    def graph():
        csp.add_graph_output("t", csp.curve(datetime, [(s, s) for s in stamps]))

    ticks = csp.run(graph, starttime=stamps[0], endtime=stamps[-1])["t"]
    assert [t for t, _ in ticks] == [v for _, v in ticks] == stamps
    for time, value in ticks:
        for got in (time, value):
            want = stamps[ticks.index((time, value))]
            assert type(got) is datetime and got.tzinfo is None and got.fold == 0
            assert hash(got) == hash(want) and repr(got) == repr(want) and got.isoformat() == want.isoformat()
            assert got.replace(tzinfo=None) == want and got.timestamp() == want.timestamp()


def test_datetime_values_in_any_order_and_across_midnights_convert_exactly():
    # Values jump back and forth between days (the converter reuses the last day's date only when it applies).
    stamps = [datetime(2020, 3, 1, 0, 0, 0, 1), datetime(2020, 2, 29, 23, 59, 59, 999999),
              datetime(2020, 3, 1), datetime(1969, 12, 31, 23, 59, 59, 999999), datetime(1970, 1, 1),
              datetime(2261, 12, 31, 23, 59, 59, 999999), datetime(1678, 1, 1, 0, 0, 0, 1),
              datetime(2020, 3, 1, 12), datetime(2020, 3, 2, 0, 0, 0, 999)]

    def graph():
        times = [START + timedelta(seconds=i) for i in range(len(stamps))]
        csp.add_graph_output("v", csp.curve(datetime, list(zip(times, stamps))))

    ticks = csp.run(graph, starttime=START, endtime=timedelta(seconds=len(stamps)))["v"]
    assert [v for _, v in ticks] == stamps
    assert all(type(v) is datetime and v.tzinfo is None and v.fold == 0 for _, v in ticks)

