"""csp.stats cov_matrix, corr_matrix, ema_cov, finite-horizon ema_var and
cross_sectional against pandas / numpy, and wiring errors of array and
weighted statistics."""

from datetime import timedelta

import numpy as np
import pandas as pd
import pytest

import csp
import csp.stats
from test_stats import ATOL, RTOL, WINDOWS, assert_same, model, random_series, ticks_at
from test_stats_numpy import array_series, curve, run_graph


def pairwise(rows, correlation, ddof=1):
    """The covariance / correlation matrix of the rows, each pair over the samples where both are non-NaN."""
    frame = pd.DataFrame(rows)
    if correlation:
        return frame.corr(min_periods=2).to_numpy() if len(rows) else np.full((rows.shape[1],) * 2, np.nan)
    n = rows.shape[1]
    out = np.full((n, n), np.nan)
    for i in range(n):
        for j in range(n):
            ok = ~(np.isnan(rows[:, i]) | np.isnan(rows[:, j]))
            if ok.sum() > ddof:
                x, y = rows[ok, i], rows[ok, j]
                out[i, j] = ((x - x.mean()) * (y - y.mean())).sum() / (ok.sum() - ddof)
    return out


@pytest.mark.parametrize("window", WINDOWS[:4])
@pytest.mark.parametrize("correlation", [False, True], ids=["cov_matrix", "corr_matrix"])
def test_matrices_match_pandas_pairwise(window, correlation):
    offsets, arrays = array_series(seed=61)
    rows = np.array(arrays)
    trigger, reset = list(range(offsets[0], offsets[-1] + 5, 5)), [60, 130]
    fn = csp.stats.corr_matrix if correlation else csp.stats.cov_matrix
    actual = run_graph(lambda: fn(curve(np.ndarray, offsets, arrays), trigger=ticks_at(trigger),
                                  reset=ticks_at(reset), **window), offsets[-1] + 10)
    # the window model runs on row indices; every row is a sample (NaN elements are handled pairwise)
    expected = model(offsets, np.arange(len(rows), dtype=float),
                     lambda ix: pairwise(rows[ix.astype(int)].reshape(-1, rows.shape[1]), correlation),
                     trigger=trigger, reset=reset, **window)
    assert [t for t, _ in actual] == [t for t, _ in expected]
    for (_, a), (_, e) in zip(actual, expected):
        assert a.shape == (3, 3)
        np.testing.assert_allclose(a, e, rtol=RTOL, atol=ATOL)


def test_weighted_cov_matrix_matches_weighted_cov():
    offsets, arrays = array_series(seed=63)
    w_offsets, ws = offsets[::2], np.linspace(0.5, 2.0, len(offsets[::2]))
    actual = run_graph(lambda: csp.stats.cov_matrix(curve(np.ndarray, offsets, arrays), interval=9,
                                                    weights=curve(float, w_offsets, ws)), offsets[-1])
    for i, j in ((0, 1), (2, 2)):
        expected = run_graph(lambda: csp.stats.cov(curve(float, offsets, [a[i] for a in arrays]),
                                                   curve(float, offsets, [a[j] for a in arrays]), interval=9,
                                                   weights=curve(float, w_offsets, ws)), offsets[-1])
        assert_same([(t, v[i, j]) for t, v in actual], expected)


@pytest.mark.parametrize("params", [{"alpha": 0.3}, {"alpha": 0.2, "adjust": False}, {"span": 6, "ignore_na": True},
                                    {"com": 1.5, "bias": True}], ids=str)
def test_ema_cov_matches_pandas(params):
    offsets, xs = random_series(seed=65)
    _, ys = random_series(seed=66)
    ewm_params = {k: v for k, v in params.items() if k != "bias"}
    expected = pd.Series(xs).ewm(**ewm_params).cov(pd.Series(ys), bias=params.get("bias", False))
    actual = run_graph(lambda: csp.stats.ema_cov(curve(float, offsets, xs), curve(float, offsets, ys), **params),
                       offsets[-1])
    np.testing.assert_allclose([v for _, v in actual], expected.to_numpy(), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("ignore_na", [False, True])
def test_finite_horizon_ema_var_std_cov_match_pandas_on_each_window(ignore_na):
    offsets, xs = random_series(seed=67)
    _, ys = random_series(seed=68)
    horizon = 8

    def windows(f):
        return [f(pd.Series(xs[max(0, i - horizon + 1):i + 1]), pd.Series(ys[max(0, i - horizon + 1):i + 1]))
                for i in range(len(xs))]

    def ewm(s):
        return s.ewm(alpha=0.25, ignore_na=ignore_na)

    cases = [
        (lambda x, y: csp.stats.ema_var(x, alpha=0.25, horizon=horizon, ignore_na=ignore_na),
         windows(lambda x, y: ewm(x).var().iloc[-1])),
        (lambda x, y: csp.stats.ema_std(x, alpha=0.25, horizon=horizon, ignore_na=ignore_na, bias=True),
         windows(lambda x, y: ewm(x).std(bias=True).iloc[-1])),
        (lambda x, y: csp.stats.ema_cov(x, y, alpha=0.25, horizon=horizon, ignore_na=ignore_na),
         windows(lambda x, y: ewm(x).cov(y).iloc[-1])),
    ]
    for fn, expected in cases:
        actual = run_graph(lambda: fn(curve(float, offsets, xs), curve(float, offsets, ys)), offsets[-1])
        np.testing.assert_allclose([v for _, v in actual], expected, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("window", WINDOWS)
def test_cross_sectional_lists_the_window(window):
    offsets, values = random_series(seed=69)
    trigger, reset = list(range(0, offsets[-1] + 5, 6)), [50, 51]
    actual = run_graph(lambda: csp.stats.cross_sectional(curve(float, offsets, values), trigger=ticks_at(trigger),
                                                         reset=ticks_at(reset), **window), offsets[-1] + 10)
    expected = model(offsets, values, lambda w: w.tolist(), trigger=trigger, reset=reset, raw=True, **window)
    assert [t for t, _ in actual] == [t for t, _ in expected]
    for (_, a), (_, e) in zip(actual, expected):
        assert isinstance(a, list)
        np.testing.assert_array_equal(a, e)
    offsets, arrays = array_series(seed=70)
    actual = run_graph(lambda: csp.stats.cross_sectional(curve(np.ndarray, offsets, arrays), interval=3,
                                                         as_numpy=True), offsets[-1])
    assert len(actual) == len(arrays) - 2
    np.testing.assert_array_equal(actual[-1][1], np.array(arrays[-3:]))


def test_bad_array_and_weights_parameters_fail_at_wiring():
    x, arrays = csp.const(1.0), csp.const(np.zeros(2))
    with pytest.raises(ValueError, match="weights and series must be of the same type"):
        csp.stats.mean(x, weights=arrays)
    with pytest.raises(ValueError, match="weights and series must be of the same type"):
        csp.stats.mean(arrays, weights=x)
    with pytest.raises(ValueError, match="weights and series must be of the same type"):
        csp.stats.cov_matrix(arrays, weights=arrays)
    with pytest.raises(TypeError, match="cov_matrix: x must be a ts\\[np.ndarray\\]"):
        csp.stats.cov_matrix(x)
    with pytest.raises(TypeError, match="float series or both numpy array series"):
        csp.stats.cov(x, arrays)
    with pytest.raises(TypeError, match="must be a ts\\[float\\], ts\\[int\\] or ts\\[np.ndarray\\]"):
        csp.stats.mean(csp.const("a"))
    with pytest.raises(ValueError, match="not halflife"):
        csp.stats.ema_var(x, halflife=timedelta(seconds=1), horizon=3)
    with pytest.raises(ValueError, match="adjusted"):
        csp.stats.ema_cov(x, x, alpha=0.1, horizon=3, adjust=False)
    with pytest.raises(ValueError, match="ddof"):
        csp.stats.cov_matrix(arrays, ddof=-1)


def test_matrices_of_two_dimensional_arrays_fail_when_running():
    with pytest.raises(ValueError, match=r"needs 1-D arrays, got shape \(2, 2\)"):
        run_graph(lambda: csp.stats.cov_matrix(curve(np.ndarray, [1], [np.zeros((2, 2))])), 3)


def test_weights_shape_mismatch_fails_when_running():
    with pytest.raises(ValueError, match=r"shape of weights \(3,\) differs from the shape seen first \(2,\)"):
        run_graph(lambda: csp.stats.mean(curve(np.ndarray, [1], [np.zeros(2)]),
                                         weights=curve(np.ndarray, [1], [np.ones(3)])), 3)


def test_time_windows_on_arrays_use_the_interval():
    got = run_graph(lambda: csp.stats.sum(curve(np.ndarray, [1, 2, 5], [np.ones(2), 2 * np.ones(2), np.ones(2)]),
                                          interval=timedelta(seconds=2), min_window=timedelta(0)), 8)
    assert [(t, v.tolist()) for t, v in got] == [(1.0, [1.0, 1.0]), (2.0, [3.0, 3.0]), (5.0, [1.0, 1.0])]


def test_cross_sectional_with_a_sampler():
    offsets, values = random_series(seed=71)
    sampler = list(range(1, offsets[-1], 3))
    actual = run_graph(lambda: csp.stats.cross_sectional(curve(float, offsets, values), interval=4,
                                                         sampler=ticks_at(sampler)), offsets[-1] + 10)
    expected = model(offsets, values, lambda w: w.tolist(), sampler=sampler, interval=4, raw=True)
    assert [t for t, _ in actual] == [t for t, _ in expected]
    for (_, a), (_, e) in zip(actual, expected):
        np.testing.assert_array_equal(a, e)
