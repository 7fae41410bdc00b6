"""csp.stats before its window or data-point minimum is reached, and before any data."""

from datetime import datetime, timedelta

import numpy as np
import pytest

import csp

START = datetime(2022, 1, 1)
NAN = float("nan")


def run_stat(make, values, trigger_seconds=None, array=False, end=6):
    """{second: value} of make(x, trigger) over x ticking ``values`` from second 1."""
    def g():
        kind = np.ndarray if array else float
        data = [(timedelta(seconds=i + 1), np.array(v) if array else v) for i, v in enumerate(values)]
        x = csp.curve(kind, data)
        trigger = None
        if trigger_seconds is not None:
            trigger = csp.curve(bool, [(timedelta(seconds=s), True) for s in trigger_seconds])
        csp.add_graph_output("o", make(x, trigger))

    ticks = csp.run(g, starttime=START, endtime=timedelta(seconds=end))["o"]
    return {int((t - START).total_seconds()): v for t, v in ticks}


def same(a, b):
    return (np.isnan(a) and np.isnan(b)) or a == b


def test_min_data_points_ticks_nan_until_reached():
    out = run_stat(lambda x, _: csp.stats.mean(x, min_data_points=3), [1.0, NAN, 2.0, 6.0])
    assert sorted(out) == [1, 2, 3, 4]
    assert all(np.isnan(out[s]) for s in (1, 2, 3))
    assert out[4] == 3.0


def test_min_data_points_ticks_nan_on_trigger_ticks():
    out = run_stat(lambda x, t: csp.stats.sum(x, min_data_points=2, trigger=t), [1.0, 2.0], trigger_seconds=[1, 3])
    assert np.isnan(out[1]) and out[3] == 3.0


@pytest.mark.parametrize("min_window", [0, 1])
def test_a_tick_min_window_of_at_most_one_emits_before_any_data(min_window):
    out = run_stat(lambda x, t: csp.stats.count(x, interval=3, min_window=min_window, trigger=t), [5.0],
                   trigger_seconds=[0, 1])
    assert out == {0: 0.0, 1: 1.0}


def test_a_min_window_of_two_waits_for_two_data_ticks():
    out = run_stat(lambda x, t: csp.stats.count(x, interval=3, min_window=2, trigger=t), [5.0, 6.0],
                   trigger_seconds=[0, 1, 2])
    assert out == {2: 2.0}


@pytest.mark.parametrize("name,expected", [("mean", NAN), ("sum", 0.0), ("first", NAN), ("prod", NAN)])
def test_the_empty_window_statistic(name, expected):
    stat = getattr(csp.stats, name)
    out = run_stat(lambda x, t: stat(x, interval=2, min_window=1, trigger=t), [4.0], trigger_seconds=[0])
    assert list(out) == [0] and same(out[0], expected)


def test_argmax_of_the_empty_window_is_the_epoch():
    out = run_stat(lambda x, t: csp.stats.argmax(x, interval=2, min_window=1, trigger=t), [4.0], trigger_seconds=[0, 1])
    assert out == {0: datetime(1970, 1, 1), 1: START + timedelta(seconds=1)}


def test_ema_with_min_periods_one_emits_nan_before_data_and_min_periods_two_waits():
    out = run_stat(lambda x, t: csp.stats.ema(x, alpha=0.5, trigger=t), [2.0, 4.0], trigger_seconds=[0, 2])
    assert np.isnan(out[0]) and out[2] == pytest.approx((4.0 + 0.5 * 2.0) / 1.5)
    waiting = run_stat(lambda x, t: csp.stats.ema(x, alpha=0.5, min_periods=2, trigger=t), [2.0, 4.0],
                       trigger_seconds=[0, 1, 2])
    assert list(waiting) == [2]


def test_arrays_min_data_points_per_element():
    out = run_stat(lambda x, _: csp.stats.mean(x, min_data_points=2), [[1.0, NAN], [3.0, 5.0], [NAN, 7.0]], array=True)
    assert np.isnan(out[1]).all()
    assert out[2][0] == 2.0 and np.isnan(out[2][1])
    assert out[3].tolist() == [2.0, 6.0]


def test_array_trigger_before_the_first_array_is_a_value_error():
    with pytest.raises(ValueError, match="Shape of the NumPy array was unknown"):
        run_stat(lambda x, t: csp.stats.mean(x, interval=3, trigger=t), [[1.0]], trigger_seconds=[0], array=True)


def test_array_sampler_before_the_first_array_is_a_value_error():
    def make(x, t):
        return csp.stats.mean(x, sampler=t)

    with pytest.raises(ValueError, match="sampler called on a NumPy array before any data ticks"):
        run_stat(make, [[1.0]], trigger_seconds=[0], array=True)


def test_array_trigger_with_the_first_array_works():
    out = run_stat(lambda x, t: csp.stats.mean(x, trigger=t), [[1.0], [3.0]], trigger_seconds=[1, 2], array=True)
    assert {s: v.tolist() for s, v in out.items()} == {1: [1.0], 2: [2.0]}


# ---- deliberate differences from the reference (tests/semantics/differences/234-236)

def test_recalc_over_a_window_with_nan_keeps_the_window_statistic():
    recalc_at = [6]

    def make(x, _):
        recalc = csp.curve(bool, [(timedelta(seconds=s), True) for s in recalc_at])
        return csp.stats.sum(x, interval=4, min_window=2, recalc=recalc)

    values = [NAN, 1.0, NAN, 3.0, 2.0, NAN, 5.0, 4.0]
    out = run_stat(make, values, end=9)
    for second in range(2, 9):
        window = [v for v in values[max(0, second - 4):second] if not np.isnan(v)]
        assert out[second] == sum(window)


def test_ema_halflife_with_nan_follows_pandas_times_weights():
    values = [1.0, NAN, 3.0]
    kept = run_stat(lambda x, _: csp.stats.ema(x, halflife=timedelta(seconds=2)), values)
    skipped = run_stat(lambda x, _: csp.stats.ema(x, halflife=timedelta(seconds=2), ignore_na=True), values)
    # ignore_na=False decays the first weight over both seconds, True only over the last one (pandas)
    assert kept[3] == pytest.approx((0.5 * 1.0 + 3.0) / 1.5)
    assert skipped[3] == pytest.approx((0.5 ** 0.5 * 1.0 + 3.0) / (1 + 0.5 ** 0.5))
    arrays = run_stat(lambda x, _: csp.stats.ema(x, halflife=timedelta(seconds=2), ignore_na=True),
                      [[v] for v in values], array=True)
    assert arrays[3][0] == pytest.approx(skipped[3])


def test_argmin_with_ignore_na_false_is_undefined_while_a_nan_is_in_the_window():
    out = run_stat(lambda x, t: csp.stats.argmin(x, interval=2, min_window=1, ignore_na=False, sampler=t),
                   [3.0, 2.0], trigger_seconds=[1, 2, 3, 4, 5])
    epoch = datetime(1970, 1, 1)
    assert out == {1: START + timedelta(seconds=1), 2: START + timedelta(seconds=2), 3: epoch, 4: epoch, 5: epoch}


def test_cross_sectional_with_a_tick_min_window_of_one_emits_the_empty_window():
    out = run_stat(lambda x, t: csp.stats.cross_sectional(x, interval=2, min_window=1, trigger=t), [1.0, 2.0],
                   trigger_seconds=[0, 2])
    assert out == {0: [], 2: [1.0, 2.0]}
