"""csp.random: Poisson arrivals and Brownian motion, checked statistically and for reproducibility."""

from datetime import datetime, timedelta

import numpy as np
import pytest

import csp
import csp.random as cr

START = datetime(2022, 1, 1)
SECOND = timedelta(seconds=1)


def run_output(build, seconds):
    result = csp.run(lambda: csp.add_graph_output("o", build()), starttime=START,
                     endtime=timedelta(seconds=seconds))
    return result["o"]


def seconds_since_start(ticks):
    return np.array([(t - START).total_seconds() for t, _ in ticks])


def ks_statistic_exponential(samples, rate):
    """Kolmogorov-Smirnov distance between the samples and Exp(rate)."""
    x = np.sort(samples)
    n = len(x)
    cdf = 1.0 - np.exp(-rate * x)
    above = np.arange(1, n + 1) / n - cdf
    below = cdf - np.arange(0, n) / n
    return max(above.max(), below.max())


def curve(typ, points):
    return csp.curve(typ, [(t * SECOND, v) for t, v in points])


# ------------------------------------------------------------------ poisson_timer

def test_poisson_inter_arrival_times_are_exponential():
    rate = 5.0
    ticks = run_output(lambda: cr.poisson_timer(csp.const(rate), seed=7), 4000)
    gaps = np.diff(np.concatenate([[0.0], seconds_since_start(ticks)]))
    n = len(gaps)
    assert abs(n - rate * 4000) < 5 * np.sqrt(rate * 4000)
    assert gaps.mean() == pytest.approx(1 / rate, rel=5 / np.sqrt(n))
    assert gaps.var() == pytest.approx(1 / rate ** 2, rel=10 / np.sqrt(n))
    # KS critical value at alpha = 0.001 is about 1.95 / sqrt(n)
    assert ks_statistic_exponential(gaps, rate) < 1.95 / np.sqrt(n)


def test_poisson_wrong_rate_fails_the_ks_check():
    """The KS check above can fail: gaps of rate 5 are far from Exp(4)."""
    ticks = run_output(lambda: cr.poisson_timer(csp.const(5.0), seed=7), 4000)
    gaps = np.diff(np.concatenate([[0.0], seconds_since_start(ticks)]))
    assert ks_statistic_exponential(gaps, 4.0) > 1.95 / np.sqrt(len(gaps))


def test_poisson_time_varying_rate_counts():
    rates = [(0, 2.0), (1000, 0.0), (1100, 8.0)]
    times = seconds_since_start(run_output(lambda: cr.poisson_timer(curve(float, rates), seed=3), 1600))
    first = np.sum(times < 1000)
    silent = np.sum((times >= 1000) & (times < 1100))
    last = np.sum(times >= 1100)
    assert silent == 0
    assert abs(first - 2000) < 5 * np.sqrt(2000)
    assert abs(last - 4000) < 5 * np.sqrt(4000)


def test_poisson_reproducible_for_a_seed_and_value_ticked():
    def build(seed, value):
        return lambda: cr.poisson_timer(csp.const(3.0), seed=seed, value=value)

    a = run_output(build(11, "x"), 50)
    b = run_output(build(11, "x"), 50)
    c = run_output(build(12, "x"), 50)
    assert a == b
    assert [t for t, _ in a] != [t for t, _ in c]
    assert {v for _, v in a} == {"x"}
    assert [t for t, _ in run_output(build(11, 2.5), 50)] == [t for t, _ in a]


def test_poisson_default_value_is_true_and_nothing_before_rate():
    ticks = run_output(lambda: cr.poisson_timer(curve(float, [(5, 100.0)]), seed=1), 10)
    assert ticks and all(v is True for _, v in ticks)
    assert min(seconds_since_start(ticks)) > 5


def test_poisson_rate_zero_and_negative():
    assert run_output(lambda: cr.poisson_timer(csp.const(0.0), seed=1), 100) == []
    with pytest.raises(ValueError, match="rate must be non-negative"):
        run_output(lambda: cr.poisson_timer(csp.const(-1.0), seed=1), 1)


# ------------------------------------------------------------------ brownian_motion

DRIFT = np.array([0.5, -1.0])
COV = np.array([[2.0, 0.6], [0.6, 1.0]])


def brownian(seed, return_increments, interval=0.5, drift=DRIFT, cov=COV):
    return lambda: cr.brownian_motion(csp.timer(timedelta(seconds=interval)), csp.const(drift), csp.const(cov),
                                      seed=seed, return_increments=return_increments)


def test_brownian_increments_have_drift_dt_mean_and_cov_dt_covariance():
    dt = 0.5
    increments = np.array([v for _, v in run_output(brownian(5, True, dt), 10000)])
    n = len(increments)
    assert increments.shape == (20000, 2)
    stderr = np.sqrt(np.diag(COV) * dt / n)
    assert np.all(np.abs(increments.mean(axis=0) - DRIFT * dt) < 5 * stderr)
    np.testing.assert_allclose(np.cov(increments.T), COV * dt, atol=0.05)


def test_brownian_values_are_the_sum_of_increments():
    values = run_output(brownian(9, False), 20)
    increments = run_output(brownian(9, True), 20)
    assert [t for t, _ in values] == [t for t, _ in increments]
    np.testing.assert_allclose(np.array([v for _, v in values]),
                               np.cumsum([v for _, v in increments], axis=0))


def test_brownian_outputs_are_fresh_float_arrays():
    values = run_output(brownian(9, False), 3)
    assert all(isinstance(v, np.ndarray) and v.dtype == np.float64 and v.shape == (2,) for _, v in values)
    assert len({id(v) for _, v in values}) == len(values)
    assert not np.array_equal(values[0][1], values[-1][1])


def test_brownian_reproducible_for_a_seed():
    a = run_output(brownian(4, False), 5)
    b = run_output(brownian(4, False), 5)
    c = run_output(brownian(5, False), 5)
    np.testing.assert_array_equal([v for _, v in a], [v for _, v in b])
    assert not np.array_equal([v for _, v in a], [v for _, v in c])


def test_brownian_zero_covariance_is_deterministic_drift():
    values = run_output(brownian(1, False, 1.0, np.array([1.0, -2.0, 0.5]), np.zeros((3, 3))), 4)
    np.testing.assert_allclose([v for _, v in values], [[k, -2 * k, 0.5 * k] for k in range(1, 5)])


def test_brownian_starts_at_zero_when_parameters_are_valid():
    trigger = curve(bool, [(0, True), (3, True), (7, True)])
    ticks = run_output(lambda: cr.brownian_motion_1d(trigger, curve(float, [(5, 1.0)]), csp.const(0.0), seed=1), 10)
    assert [(t - START).total_seconds() for t, _ in ticks] == [7.0]
    assert ticks[0][1] == pytest.approx(2.0)


def test_brownian_drift_changes_integrate_piecewise():
    drift = curve(float, [(0, 1.0), (2, 10.0), (6, 100.0)])
    trigger = curve(bool, [(4, True), (10, True)])
    values = run_output(lambda: cr.brownian_motion_1d(trigger, drift, csp.const(0.0), seed=1), 10)
    assert [v for _, v in values] == pytest.approx([1 * 2 + 10 * 2, 22 + 10 * 2 + 100 * 4])


def test_brownian_1d_variance_and_types():
    dt, variance, drift = 0.25, 3.0, 0.4
    trigger = csp.timer(timedelta(seconds=dt))
    increments = np.array([v for _, v in run_output(
        lambda: cr.brownian_motion_1d(trigger, csp.const(drift), csp.const(variance), seed=2,
                                      return_increments=True), 5000)])
    assert all(isinstance(v, float) for v in increments[:5])
    assert increments.mean() == pytest.approx(drift * dt, abs=5 * np.sqrt(variance * dt / len(increments)))
    assert increments.var() == pytest.approx(variance * dt, rel=0.05)


@pytest.mark.parametrize("drift, cov, message", [
    (np.zeros(3), np.zeros((2, 2)), "drift and covariance must have same length"),
    (np.zeros(2), np.array([[1.0, 2.0], [2.0, 1.0]]), "covariance not positive semidefinite"),
])
def test_brownian_bad_parameters(drift, cov, message):
    with pytest.raises(ValueError, match=message):
        run_output(brownian(1, False, 1.0, drift, cov), 2)


def test_brownian_1d_negative_variance():
    with pytest.raises(ValueError, match="covariance not positive semidefinite"):
        run_output(lambda: cr.brownian_motion_1d(csp.timer(SECOND), csp.const(0.0), csp.const(-1.0), seed=1), 2)


def test_brownian_drift_must_be_a_1d_array_series():
    with pytest.raises(TypeError, match="drift"):
        run_output(lambda: cr.brownian_motion(csp.timer(SECOND), csp.const([1.0, 2.0]), csp.const(COV), seed=1), 2)
