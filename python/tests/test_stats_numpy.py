"""csp.stats on numpy array series (element-wise) and with weights.

Array statistics are compared element by element with the same statistic
run on each element as a float series (itself checked against pandas/numpy in
test_stats.py). Weighted statistics are checked against numpy formulas over
the samples the window model of test_stats.py selects: the model runs on
sample indices, and the expected function maps them back to (x, weight).
"""

from datetime import timedelta

import numpy as np
import pytest

import csp
import csp.stats
from test_stats import ATOL, RTOL, START, UNIVARIATE, WINDOWS, _values_for, assert_same, model, random_series, \
    ticks_at

ELEMENTS = 3


def array_series(seed, shape=(ELEMENTS,), nan_fraction=0.1):
    """Offsets and a list of arrays of `shape` (NaN elements included)."""
    size = int(np.prod(shape))
    offsets, first = random_series(seed=seed, nan_fraction=nan_fraction)
    columns = [first] + [random_series(seed=seed + 100 * k, nan_fraction=nan_fraction)[1] for k in range(1, size)]
    rows = np.column_stack(columns)
    return offsets, [row.reshape(shape) for row in rows]


def run_graph(build, end):
    @csp.graph
    def graph():
        csp.add_graph_output("o", build())

    return [((t - START).total_seconds(), v) for t, v in
            csp.run(graph, starttime=START, endtime=timedelta(seconds=end))["o"]]


def curve(typ, offsets, values):
    return csp.curve(typ, [(START + timedelta(seconds=o), v) for o, v in zip(offsets, values)])


def run_on_arrays(fn, offsets, arrays):
    return run_graph(lambda: fn(curve(np.ndarray, offsets, arrays)), offsets[-1] + 10)


def run_on_element(fn, offsets, arrays, index):
    return run_graph(lambda: fn(curve(float, offsets, [float(a[index]) for a in arrays])), offsets[-1] + 10)


def assert_elementwise(fn, offsets, arrays):
    """fn on the array series equals fn on each element's float series."""
    actual = run_on_arrays(fn, offsets, arrays)
    shape = arrays[0].shape
    for t, value in actual:
        assert isinstance(value, np.ndarray) and value.shape == shape, (t, value)
    for index in np.ndindex(shape):
        expected = run_on_element(fn, offsets, arrays, index)
        element = [(t, v[index]) for t, v in actual]
        if expected and isinstance(expected[0][1], float):
            assert_same(element, expected)
        else:  # argmin / argmax: datetime64 elements against datetimes
            assert [t for t, _ in element] == [t for t, _ in expected]
            assert [np.datetime64(v, "ns") for _, v in element] == [np.datetime64(v, "ns") for _, v in expected]


EXTRA = {
    "argmin": (csp.stats.argmin, {}),
    "argmax_oldest": (csp.stats.argmax, {"return_most_recent": False}),
    "rank_avg": (csp.stats.rank, {"method": "avg"}),
    "gmean": (csp.stats.gmean, {}),
    "ema": (csp.stats.ema, {"alpha": 0.2}),
    "ema_var": (csp.stats.ema_var, {"span": 4}),
    "ema_halflife": (csp.stats.ema, {"halflife": timedelta(seconds=3)}),
}


@pytest.mark.parametrize("name", sorted(UNIVARIATE) + sorted(EXTRA))
def test_arrays_match_each_element(name):
    fn, kwargs = (UNIVARIATE[name][:2] if name in UNIVARIATE else EXTRA[name])
    offsets, arrays = array_series(seed=41)
    arrays = [_values_for(name, a) for a in arrays]
    if name == "gmean":
        arrays = [np.abs(a) for a in arrays]
    window = {} if name.startswith("ema") else {"interval": 6}
    assert_elementwise(lambda x: fn(x, **window, **kwargs), offsets, arrays)


@pytest.mark.parametrize("window", WINDOWS)
def test_two_dimensional_arrays_with_controls(window):
    offsets, arrays = array_series(seed=43, shape=(2, 2))
    # triggers from the first array on (before it, the shape is unknown and nothing ticks)
    trigger, reset = list(range(offsets[0], offsets[-1] + 5, 4)), [31, 100]
    assert_elementwise(lambda x: csp.stats.var(x, trigger=ticks_at(trigger), reset=ticks_at(reset), **window),
                       offsets, arrays)
    sampler = list(range(offsets[0], offsets[-1], 2))
    assert_elementwise(lambda x: csp.stats.median(x, sampler=ticks_at(sampler), **window), offsets, arrays)


def test_array_covariance_and_ema_cov_match_each_element():
    offsets, xs = array_series(seed=45)
    _, ys = array_series(seed=46)

    def check(fn):
        actual = run_graph(lambda: fn(curve(np.ndarray, offsets, xs), curve(np.ndarray, offsets, ys)), offsets[-1])
        for i in range(ELEMENTS):
            expected = run_graph(lambda: fn(curve(float, offsets, [a[i] for a in xs]),
                                            curve(float, offsets, [a[i] for a in ys])), offsets[-1])
            assert_same([(t, v[i]) for t, v in actual], expected)

    check(lambda x, y: csp.stats.cov(x, y, interval=8))
    check(lambda x, y: csp.stats.corr(x, y, interval=timedelta(seconds=15)))
    check(lambda x, y: csp.stats.ema_cov(x, y, alpha=0.3))


def test_ints_and_shape_changes():
    got = run_graph(lambda: csp.stats.mean(curve(np.ndarray, [1, 2], [np.array([1, 2]), np.array([3, 5])])), 5)
    assert [v.tolist() for _, v in got] == [[1.0, 2.0], [2.0, 3.5]]
    with pytest.raises(ValueError, match=r"shape of x \(3,\) differs from the shape seen first \(2,\)"):
        run_graph(lambda: csp.stats.mean(curve(np.ndarray, [1, 2], [np.zeros(2), np.zeros(3)])), 5)


# ---------------------------------------------------------------- weights

def weighted_series(seed):
    """x at every offset; weights (positive, some NaN) at most offsets, held in between."""
    offsets, xs = random_series(seed=seed)
    rng = np.random.default_rng(seed + 1)
    ws = rng.uniform(0.2, 3.0, len(offsets))
    ws[rng.random(len(ws)) < 0.05] = np.nan
    weight_ticks = [i for i in range(len(offsets)) if rng.random() < 0.7 or i == 0]
    held, last = np.empty(len(offsets)), np.nan  # the weight of each x tick: the last one (NaN ones too)
    for i in range(len(offsets)):
        last = ws[i] if i in weight_ticks else last
        held[i] = last
    return offsets, xs, [offsets[i] for i in weight_ticks], [ws[i] for i in weight_ticks], held


def weighted_moments(xw):
    x, w = xw[:, 0], xw[:, 1]
    total = w.sum()
    mean = (w * x).sum() / total
    return x, w, total, mean, [(w * (x - mean) ** k).sum() / total for k in (2, 3, 4)]


def weighted_var(ddof):
    def f(xw):
        if not len(xw):
            return np.nan
        _, _, total, _, (m2, _, _) = weighted_moments(xw)
        return m2 * total / (total - ddof) if total > ddof else np.nan
    return f


def weighted_skew(xw):
    n = len(xw)
    if n < 3:
        return np.nan
    _, _, _, _, (m2, m3, _) = weighted_moments(xw)
    return m3 / m2 ** 1.5 * np.sqrt(n * (n - 1)) / (n - 2)


def weighted_kurt(xw):
    n = len(xw)
    if n < 4:
        return np.nan
    _, _, _, _, (m2, _, m4) = weighted_moments(xw)
    g2 = m4 / m2 ** 2 - 3
    return ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3))


WEIGHTED = {
    "mean": (csp.stats.mean, {}, lambda xw: weighted_moments(xw)[3] if len(xw) else np.nan),
    "var": (csp.stats.var, {}, weighted_var(1)),
    "var_ddof0": (csp.stats.var, {"ddof": 0}, weighted_var(0)),
    "stddev": (csp.stats.stddev, {}, lambda xw: np.sqrt(weighted_var(1)(xw))),
    "sem": (csp.stats.sem, {}, lambda xw: np.sqrt(weighted_var(1)(xw) / xw[:, 1].sum()) if len(xw) else np.nan),
    "skew": (csp.stats.skew, {}, weighted_skew),
    "kurt": (csp.stats.kurt, {}, weighted_kurt),
}


@pytest.mark.parametrize("window", WINDOWS[:4])
@pytest.mark.parametrize("name", sorted(WEIGHTED))
def test_weighted_statistics_match_numpy(name, window):
    fn, kwargs, expected_fn = WEIGHTED[name]
    offsets, xs, w_offsets, ws, held = weighted_series(seed=51)
    pairs = np.column_stack([xs, held])
    # the model selects sample indices (NaN when x or its weight is NaN)
    index = np.where(np.isnan(pairs).any(axis=1), np.nan, np.arange(len(xs), dtype=float))
    trigger, reset = list(range(0, offsets[-1] + 5, 5)), [40, 120]
    controls = {"trigger": ticks_at(trigger), "reset": ticks_at(reset)} if window else {}
    actual = run_graph(lambda: fn(curve(float, offsets, xs), weights=curve(float, w_offsets, ws), **window,
                                  **kwargs, **controls), offsets[-1] + 10)
    expected = model(offsets, index, lambda ix: expected_fn(pairs[ix.astype(int)]), **window,
                     **({"trigger": trigger, "reset": reset} if window else {}))
    assert_same(actual, expected)


def test_weighted_cov_corr_and_sum():
    offsets, xs, w_offsets, ws, held = weighted_series(seed=53)
    _, ys = random_series(seed=54)

    def expected(i, corr):
        lo = max(0, i - 9)
        x, y, w = xs[lo:i + 1], ys[lo:i + 1], held[lo:i + 1]
        ok = ~(np.isnan(x) | np.isnan(y) | np.isnan(w))
        x, y, w = x[ok], y[ok], w[ok]
        if len(x) < 2:
            return np.nan
        mx, my = np.average(x, weights=w), np.average(y, weights=w)
        cxy, cxx, cyy = (w * (x - mx) * (y - my)).sum(), (w * (x - mx) ** 2).sum(), (w * (y - my) ** 2).sum()
        return cxy / np.sqrt(cxx * cyy) if corr else cxy / (w.sum() - 1)

    for corr, fn in ((False, csp.stats.cov), (True, csp.stats.corr)):
        actual = run_graph(lambda: fn(curve(float, offsets, xs), curve(float, offsets, ys), interval=10, min_window=1,
                                      weights=curve(float, w_offsets, ws)), offsets[-1] + 1)
        np.testing.assert_allclose([v for _, v in actual], [expected(i, corr) for i in range(len(xs))], rtol=RTOL,
                                   atol=ATOL)
    # the weighted sum sums x * weights, which ticks when either ticks
    actual = run_graph(lambda: csp.stats.sum(curve(float, offsets, xs), interval=5,
                                             weights=curve(float, w_offsets, ws)), offsets[-1] + 1)
    product = run_graph(lambda: csp.stats.sum(csp.multiply(curve(float, offsets, xs),
                                                           curve(float, w_offsets, ws)), interval=5), offsets[-1] + 1)
    assert_same(actual, product)


def test_weighted_arrays_match_each_element():
    offsets, xs = array_series(seed=55)
    _, ws = array_series(seed=56, nan_fraction=0.0)
    ws = [np.abs(w) + 0.1 for w in ws]
    actual = run_graph(lambda: csp.stats.var(curve(np.ndarray, offsets, xs), interval=7,
                                             weights=curve(np.ndarray, offsets, ws)), offsets[-1])
    for i in range(ELEMENTS):
        expected = run_graph(lambda: csp.stats.var(curve(float, offsets, [a[i] for a in xs]), interval=7,
                                                   weights=curve(float, offsets, [w[i] for w in ws])), offsets[-1])
        assert_same([(t, v[i]) for t, v in actual], expected)


@pytest.mark.parametrize("name", ["mean", "var", "skew"])
def test_weighted_statistics_with_a_sampler(name):
    fn, kwargs, expected_fn = WEIGHTED[name]
    offsets, xs, w_offsets, ws, held = weighted_series(seed=57)
    pairs = np.column_stack([xs, held])
    index = np.where(np.isnan(pairs).any(axis=1), np.nan, np.arange(len(xs), dtype=float))
    sampler = list(range(1, offsets[-1], 2))  # x ticks between sampler ticks are ignored
    for window in ({"interval": 9}, {"interval": timedelta(seconds=20)}):
        actual = run_graph(lambda: fn(curve(float, offsets, xs), weights=curve(float, w_offsets, ws),
                                      sampler=ticks_at(sampler), **window, **kwargs), offsets[-1] + 10)
        expected = model(offsets, index, lambda ix: expected_fn(pairs[ix.astype(int)]), sampler=sampler, **window)
        assert_same(actual, expected)
