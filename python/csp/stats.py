"""csp.stats: rolling statistics of float time series, computed in C++.

Every function takes a float (or int) time series ``x`` and returns a float
time series (``argmin``/``argmax``: datetime). A ``ts[np.ndarray]`` of floats
(any shape) is computed element-wise, each element as its own series, and
gives arrays of the same shape (``argmin``/``argmax``: datetime64[ns]).
Shared parameters:

- ``interval``: None for an expanding window, an int for the last N ticks
  (NaN ticks included), a timedelta for the time window (now - interval, now].
- ``min_window``: no output before this many ticks (int) or this much time
  since the start (timedelta); same type as ``interval``, which is its default.
- ``trigger``: emit only when it ticks (default: whenever data arrives).
- ``sampler``: data arrives when it ticks; a sampler tick without x is NaN.
- ``reset``: clears the window.
- ``recalc``: recomputes from the window's samples (not for expanding windows).
- ``ignore_na``: skip NaN samples; when False a NaN in the window gives NaN.
- ``min_data_points``: fewer non-NaN samples in the window give NaN.
- ``weights`` (mean, var, stddev, sem, skew, kurt, cov, corr, sum; a float
  series for cov_matrix / corr_matrix): a series of the same kind as ``x``
  (float, or arrays of x's shape). Each sample takes the last weight when x
  ticks (frequency weights: var divides by sum(w) - ddof); before the first
  weight, samples are NaN.

The statistics are wired by name to the C++ built-ins ``stats.<name>``
(cpp/src/python/stats_nodes.cpp); arguments are validated here, at wiring.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta
from typing import List, Optional, Union

import numpy as np

from csp.baselib import null_ts
from csp.impl.node_language import now, start, state, ticked
from csp.impl.stats_conversions import list_to_numpy, numpy_to_list
from csp.impl.types import ts
from csp.impl.types.numpy_types import NumpyNDArray, array_element_type
from csp.impl.wiring.builtins import builtin as _builtin, cast_int_to_float
from csp.impl.wiring.decorators import node
from csp.impl.wiring.edge import Edge
from csp.impl.wiring.instances import value_type
from csp.math import multiply

__all__ = ["argmax", "argmin", "corr", "corr_matrix", "count", "cov", "cov_matrix", "cross_sectional", "ema",
           "ema_cov", "ema_std", "ema_var", "first", "gmean", "kurt", "last", "list_to_numpy", "max", "mean",
           "median", "min", "min_max", "numpy_to_list", "prod", "quantile", "rank", "sem", "skew", "stddev", "sum",
           "unique", "var"]

_builtin_min, _builtin_max, _builtin_sum = min, max, sum  # shadowed below by the API's names


# ---------------------------------------------------------------- validation and wiring

def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_array_type(typ) -> bool:
    typ = getattr(typ, "__origin__", typ)
    return isinstance(typ, type) and issubclass(typ, np.ndarray)


def _data_edge(x, function: str, argument: str = "x") -> tuple:
    """(edge, is_array): x as a float or numpy array edge (ints are cast to float)."""
    if not isinstance(x, Edge):
        raise TypeError(f"csp.stats.{function}: argument '{argument}' expects a time series, got {type(x).__name__}")
    typ = value_type(x.tstype)
    if typ is int:
        return cast_int_to_float(x), False
    if typ is float:
        return x, False
    if _is_array_type(typ):
        if array_element_type(typ) is not float:
            raise TypeError("Statistics methods are only valid for time-series of type float or np.ndarray[float]; "
                            f"given type {typ!r} (csp.stats.{function}, argument '{argument}')")
        return x, True
    raise TypeError(f"csp.stats.{function}: '{argument}' must be a ts[float], ts[int] or ts[np.ndarray], "
                    f"got ts[{getattr(typ, '__name__', typ)}]")


def _data_edges(function: str, *named) -> tuple:
    """([edges], is_array) of the named data series (x, y), which must be of one kind."""
    edges, kinds = zip(*(_data_edge(e, function, name) for name, e in named))
    if len(set(kinds)) > 1:
        raise TypeError(f"csp.stats.{function}: x and y must both be float series or both numpy array series")
    return list(edges), kinds[0]


def _weights_edge(weights, is_array: bool, function: str, matrix: bool = False) -> Optional[Edge]:
    """The weights edge, of x's kind (a float series for cov_matrix / corr_matrix)."""
    if weights is None:
        return None
    edge, weights_array = _data_edge(weights, function, "weights")
    expected_array = is_array and not matrix
    if weights_array != expected_array:
        def kind(a):
            return "ts[np.ndarray]" if a else "ts[float]"
        raise ValueError(f"csp.stats.{function}: weights and series must be of the same type: weights is "
                         f"{kind(weights_array)}, series needs {kind(expected_array)}")
    return edge


def _control_edge(edge, function: str, argument: str) -> Optional[Edge]:
    if edge is not None and not isinstance(edge, Edge):
        raise TypeError(f"csp.stats.{function}: argument '{argument}' expects a time series, got {type(edge).__name__}")
    return edge


def _window(interval, min_window, ignore_na: bool, min_data_points: int) -> tuple:
    """The window description passed to C++: (kind, interval, min_window, ignore_na, min_data_points)."""
    if interval is not None and min_window is not None and type(interval) is not type(min_window):
        raise TypeError("Interval and min_window must be of the same type")
    if interval is None:
        if min_window is not None and not isinstance(min_window, timedelta):
            raise TypeError("Interval and min_window must be of the same type")
        kind = "expanding"
    elif _is_int(interval):
        if interval <= 0:
            raise ValueError("Tick interval needs to be positive. To specify an expanding window, use interval=None")
        if min_window is not None and min_window < 0:
            raise ValueError("min_window must be non-negative")
        kind = "ticks"
    elif isinstance(interval, timedelta):
        if interval <= timedelta():
            raise ValueError("Time specified interval needs to be positive. To specify an expanding window, "
                             "use interval=None")
        if min_window is not None and min_window < timedelta():
            raise ValueError("min_window must be non-negative")
        kind = "time"
    else:
        raise TypeError(f"interval must be None, an int or a timedelta, got {type(interval).__name__}")
    if not _is_int(min_data_points) or min_data_points < 0:
        raise ValueError(f"min_data_points must be a non-negative int, got {min_data_points!r}")
    return (kind, interval, min_window, bool(ignore_na), int(min_data_points))


def _wire(name: str, function: str, data: list, window: tuple, params: tuple = (), trigger=None, sampler=None,
          reset=None, recalc=None, output_type=float, arrays=False, weights=None, matrix=False) -> Edge:
    """Adds the C++ statistic ``stats.<name>`` over ``data`` (float or array edges) with the given controls."""
    controls = [_control_edge(trigger, function, "trigger"), _control_edge(sampler, function, "sampler"),
                _control_edge(reset, function, "reset"), _control_edge(recalc, function, "recalc"), weights]
    if recalc is not None and window[0].startswith("expanding"):
        raise ValueError("The recalc parameter cannot be used with an expanding window (it is redundant)")
    flags = tuple(c is not None for c in controls)
    inputs = list(data) + [c for c in controls if c is not None]
    weights_are_arrays = weights is not None and _is_array_type(value_type(weights.tstype))
    args = (len(data), flags, window, tuple(params), bool(arrays), weights_are_arrays, bool(matrix))
    return _builtin(f"stats.{name}", inputs, [ts[np.ndarray if arrays else output_type]], args,
                    template_type=ts[float])


def _stat(name, function, x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points, params=(),
          recalc=None, output_type=float, weights=None):
    """One series' statistic (float or element-wise arrays), weighted when ``weights`` is given."""
    edge, arrays = _data_edge(x, function)
    return _wire(name, function, [edge], _window(interval, min_window, ignore_na, min_data_points), params,
                 trigger, sampler, reset, recalc, output_type, arrays, _weights_edge(weights, arrays, function))


# ---------------------------------------------------------------- windowed statistics

def count(x, interval=None, min_window=None, ignore_na=True, trigger=None, sampler=None, reset=None,
          min_data_points=0):
    """The number of non-NaN samples in the window."""
    return _stat("count", "count", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points)


def sum(x, interval=None, min_window=None, precise=False, ignore_na=True, trigger=None, weights=None,  # noqa: A001
        sampler=None, reset=None, recalc=None, min_data_points=0):
    """The sum of the window (0 when empty); ``precise`` uses compensated (Kahan-Neumaier) summation.

    With ``weights``, the sum of x * weights, a series that ticks when either
    ticks once both have (as the reference).
    """
    if weights is not None:
        _, arrays = _data_edge(x, "sum")
        x = multiply(x, _weights_edge(weights, arrays, "sum"))
    return _stat("sum", "sum", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points,
                 (bool(precise),), recalc)


def mean(x, interval=None, min_window=None, ignore_na=True, trigger=None, weights=None, sampler=None, reset=None,
         recalc=None, min_data_points=0):
    """The arithmetic mean of the window (weighted: sum(w x) / sum(w))."""
    return _stat("mean", "mean", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points, (),
                 recalc, weights=weights)


def _variance(kind, x, interval, min_window, ddof, ignore_na, trigger, weights, sampler, reset, recalc,
              min_data_points):
    _check_ddof(ddof, kind)
    return _stat("var", kind, x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points,
                 (ddof, kind), recalc, weights=weights)


def _check_ddof(ddof, function):
    if not _is_int(ddof) or ddof < 0:
        raise ValueError(f"csp.stats.{function}: ddof must be a non-negative int, got {ddof!r}")


def var(x, interval=None, min_window=None, ddof=1, ignore_na=True, trigger=None, weights=None, sampler=None,
        reset=None, recalc=None, min_data_points=0):
    """The variance with ``ddof`` delta degrees of freedom (NaN when n, or sum(w), <= ddof)."""
    return _variance("var", x, interval, min_window, ddof, ignore_na, trigger, weights, sampler, reset, recalc,
                     min_data_points)


def stddev(x, interval=None, min_window=None, ddof=1, ignore_na=True, trigger=None, weights=None, sampler=None,
           reset=None, recalc=None, min_data_points=0):
    """The standard deviation (square root of var)."""
    return _variance("stddev", x, interval, min_window, ddof, ignore_na, trigger, weights, sampler, reset, recalc,
                     min_data_points)


def sem(x, interval=None, min_window=None, ddof=1, ignore_na=True, trigger=None, weights=None, sampler=None,
        reset=None, recalc=None, min_data_points=0):
    """The standard error of the mean: stddev / sqrt(n) (weighted: sqrt(var / sum(w)))."""
    return _variance("sem", x, interval, min_window, ddof, ignore_na, trigger, weights, sampler, reset, recalc,
                     min_data_points)


def skew(x, interval=None, min_window=None, ignore_na=True, bias=False, trigger=None, weights=None, sampler=None,
         reset=None, recalc=None, min_data_points=0):
    """The skewness (bias=False: adjusted Fisher-Pearson, as pandas; weighted moments, n counts samples)."""
    return _stat("skew", "skew", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points,
                 (bool(bias),), recalc, weights=weights)


def kurt(x, interval=None, min_window=None, ignore_na=True, excess=True, bias=False, trigger=None, weights=None,
         sampler=None, reset=None, recalc=None, min_data_points=0):
    """The kurtosis (excess by default; bias=False as pandas; weighted moments, n counts samples)."""
    return _stat("kurt", "kurt", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points,
                 (bool(bias), bool(excess)), recalc, weights=weights)


def min(x, interval=None, min_window=None, ignore_na=True, trigger=None, sampler=None, reset=None,  # noqa: A001
        min_data_points=0):
    """The minimum of the window."""
    return _stat("min", "min", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points)


def max(x, interval=None, min_window=None, ignore_na=True, trigger=None, sampler=None, reset=None,  # noqa: A001
        min_data_points=0):
    """The maximum of the window."""
    return _stat("max", "max", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points)


def min_max(x, interval=None, max=True, min_window=None, ignore_na=True, trigger=None, sampler=None,  # noqa: A002
            reset=None, min_data_points=0):
    """The maximum (``max=True``) or minimum of the window."""
    return _stat("max" if max else "min", "min_max", x, interval, min_window, ignore_na, trigger, sampler, reset,
                 min_data_points)


def argmin(x, interval=None, min_window=None, return_most_recent=True, ignore_na=True, trigger=None, sampler=None,
           reset=None, min_data_points=0):
    """The time of the window's minimum (the most recent one of equal minima, or the oldest)."""
    return _stat("argminmax", "argmin", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points,
                 (False, bool(return_most_recent)), output_type=datetime)


def argmax(x, interval=None, min_window=None, return_most_recent=True, ignore_na=True, trigger=None, sampler=None,
           reset=None, min_data_points=0):
    """The time of the window's maximum (the most recent one of equal maxima, or the oldest)."""
    return _stat("argminmax", "argmax", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points,
                 (True, bool(return_most_recent)), output_type=datetime)


def first(x, interval=None, min_window=None, trigger=None, sampler=None, reset=None, min_data_points=0,
          ignore_na=True):
    """The first sample of the window (the first non-NaN one if ignore_na)."""
    return _stat("first", "first", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points)


def last(x, interval=None, min_window=None, ignore_na=True, trigger=None, sampler=None, reset=None,
         min_data_points=0):
    """The last sample of the window (the last non-NaN one if ignore_na)."""
    return _stat("last", "last", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points)


def prod(x, interval=None, min_window=None, ignore_na=True, trigger=None, sampler=None, reset=None, recalc=None,
         min_data_points=0):
    """The product of the window (NaN when empty)."""
    return _stat("prod", "prod", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points,
                 recalc=recalc)


def gmean(x, interval=None, min_window=None, ignore_na=True, trigger=None, sampler=None, reset=None,
          min_data_points=0):
    """The geometric mean (0 if a sample is 0, NaN if one is negative)."""
    return _stat("gmean", "gmean", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points)


def unique(x, interval=None, min_window=None, trigger=None, sampler=None, reset=None, min_data_points=0,
           precision=10):
    """The number of distinct non-NaN values, compared after rounding to ``precision`` decimals."""
    if not _is_int(precision):
        raise TypeError(f"csp.stats.unique: precision must be an int, got {precision!r}")
    return _stat("unique", "unique", x, interval, min_window, True, trigger, sampler, reset, min_data_points,
                 (precision,))


_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def quantile(x, interval=None, quant: Union[float, List[float]] = None, min_window=None, interpolate="linear",
             ignore_na=True, trigger=None, sampler=None, reset=None, min_data_points=0):
    """The ``quant`` quantile(s) of the window, numpy's interpolation methods.

    A list of quantiles gives a list of edges, one per quantile.
    """
    if quant is None or (isinstance(quant, (list, tuple)) and not quant):
        raise ValueError("At least one quantile value must be provided")
    if interpolate not in _INTERPOLATIONS:
        raise ValueError("The interpolation method provided is not valid. Please consult the documentation")
    quants = list(quant) if isinstance(quant, (list, tuple)) else [quant]
    for q in quants:
        if not isinstance(q, (int, float)) or not 0.0 <= q <= 1.0:
            raise ValueError(f"csp.stats.quantile: quantiles must be between 0 and 1, got {q!r}")
    edges = [_stat("quantile", "quantile", x, interval, min_window, ignore_na, trigger, sampler, reset,
                   min_data_points, (float(q), interpolate)) for q in quants]
    return edges if isinstance(quant, (list, tuple)) else edges[0]


def median(x, interval=None, min_window=None, ignore_na=True, trigger=None, sampler=None, reset=None,
           min_data_points=0):
    """The median of the window (the 0.5 quantile, linear interpolation)."""
    return _stat("quantile", "median", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points,
                 (0.5, "linear"))


def rank(x, interval=None, min_window=None, method="min", ignore_na=True, trigger=None, sampler=None, reset=None,
         min_data_points=0, na_option="keep"):
    """The 0-based rank of the latest sample in the window (ties: min, max or avg).

    A NaN latest sample ranks NaN (``na_option='keep'``), or the latest
    non-NaN sample still in the window is ranked (``'last'``).
    """
    if method not in ("min", "max", "avg"):
        raise ValueError("The rank method must be one of: min, max, avg. Please consult the documentation")
    if na_option not in ("keep", "last"):
        raise ValueError("The NaN option must be one of: keep, last. Please consult the documentation")
    return _stat("rank", "rank", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points,
                 (method, na_option == "keep"))


# ---------------------------------------------------------------- two series, matrices

def _bivariate(function, x, y, interval, min_window, ddof, correlation, ignore_na, trigger, weights, sampler,
               reset, recalc, min_data_points, allow_non_overlapping):
    _check_ddof(ddof, function)
    data, arrays = _data_edges(function, ("x", x), ("y", y))
    window = _window(interval, min_window, ignore_na, min_data_points) + (bool(allow_non_overlapping),)
    return _wire("cov", function, data, window, (ddof, correlation), trigger, sampler, reset, recalc,
                 arrays=arrays, weights=_weights_edge(weights, arrays, function))


def cov(x, y, interval=None, min_window=None, ddof=1, ignore_na=True, trigger=None, weights=None, sampler=None,
        reset=None, recalc=None, min_data_points=0, allow_non_overlapping=False):
    """The covariance of x and y, which must tick together (or set ``allow_non_overlapping``)."""
    return _bivariate("cov", x, y, interval, min_window, ddof, False, ignore_na, trigger, weights, sampler, reset,
                      recalc, min_data_points, allow_non_overlapping)


def corr(x, y, interval=None, min_window=None, ignore_na=True, trigger=None, weights=None, sampler=None, reset=None,
         recalc=None, min_data_points=0, allow_non_overlapping=False):
    """The Pearson correlation of x and y, which must tick together (or set ``allow_non_overlapping``)."""
    return _bivariate("corr", x, y, interval, min_window, 1, True, ignore_na, trigger, weights, sampler, reset,
                      recalc, min_data_points, allow_non_overlapping)


def _matrix(function, x, interval, min_window, ddof, correlation, ignore_na, trigger, weights, sampler, reset,
            recalc, min_data_points):
    _check_ddof(ddof, function)
    edge, arrays = _data_edge(x, function)
    if not arrays:
        raise TypeError(f"csp.stats.{function}: x must be a ts[np.ndarray] of a 1-D float array")
    return _wire("cov", function, [edge], _window(interval, min_window, ignore_na, min_data_points),
                 (ddof, correlation), trigger, sampler, reset, recalc, arrays=True,
                 weights=_weights_edge(weights, True, function, matrix=True), matrix=True)


def cov_matrix(x, interval=None, min_window=None, ddof=1, ignore_na=True, trigger=None, weights=None, sampler=None,
               reset=None, recalc=None, min_data_points=0):
    """The covariance matrix of the elements of a 1-D array series (pairwise complete samples)."""
    return _matrix("cov_matrix", x, interval, min_window, ddof, False, ignore_na, trigger, weights, sampler, reset,
                   recalc, min_data_points)


def corr_matrix(x, interval=None, min_window=None, ignore_na=True, trigger=None, weights=None, sampler=None,
                reset=None, recalc=None, min_data_points=0):
    """The correlation matrix of the elements of a 1-D array series (pairwise complete samples)."""
    return _matrix("corr_matrix", x, interval, min_window, 1, True, ignore_na, trigger, weights, sampler, reset,
                   recalc, min_data_points)


@node
def _cross_sectional(x: ts["T"], window: tuple, as_numpy: bool, controls: tuple, trigger: ts[object],
                     sampler: ts[object], reset: ts[object], output_type: "U") -> ts["U"]:
    with state():
        s_times = deque()
        s_values = deque()
        s_ticks = 0
        s_start = None
    with start():
        s_start = now()
    kind, interval, min_window = window[:3]
    has_trigger, has_sampler = controls
    if ticked(reset):
        s_times.clear()
        s_values.clear()
    data_tick = ticked(sampler) if has_sampler else ticked(x)
    if data_tick:
        s_ticks += 1
        s_times.append(now())
        s_values.append(x if ticked(x) else np.nan)
        if kind == "ticks" and len(s_values) > interval:
            s_times.popleft()
            s_values.popleft()
    if kind == "time":
        while s_times and s_times[0] <= now() - interval:
            s_times.popleft()
            s_values.popleft()
    emit = ticked(trigger) if has_trigger else data_tick
    minimum = interval if min_window is None and kind != "expanding" else min_window
    # a tick minimum of 0 or 1 is reached from the start (a trigger before any data emits []), as the C++ statistics
    if kind == "ticks":
        reached = minimum <= 1 or s_ticks >= minimum
    else:
        reached = minimum is None or now() - s_start >= minimum
    if emit and reached:
        return np.array(list(s_values)) if as_numpy else list(s_values)


def cross_sectional(x, interval=None, min_window=None, as_numpy=False, trigger=None, sampler=None, reset=None):
    """The samples in the window, oldest first: a list (float samples or arrays), or with ``as_numpy`` one
    array (a 2-D array of rows for array samples)."""
    edge, arrays = _data_edge(x, "cross_sectional")
    output_type = NumpyNDArray[float] if as_numpy else List[np.ndarray] if arrays else List[float]
    window = _window(interval, min_window, True, 0)
    for name, control in (("trigger", trigger), ("sampler", sampler), ("reset", reset)):
        _control_edge(control, "cross_sectional", name)
    null = null_ts(bool)
    return _cross_sectional(edge, window[:3], bool(as_numpy), (trigger is not None, sampler is not None),
                            trigger if trigger is not None else null,
                            sampler if sampler is not None else null, reset if reset is not None else null,
                            output_type)


# ---------------------------------------------------------------- exponential statistics

def _alpha(alpha, span, com, halflife) -> tuple:
    """(alpha, halflife) from exactly one of alpha, span, com, halflife (pandas' definitions)."""
    given = [v for v in (alpha, span, com, halflife) if v is not None]
    if len(given) > 1:
        raise ValueError("Only one of alpha, span, com or halflife can be specified")
    if not given:
        raise ValueError("One of alpha, span, com or halflife must be specified")
    if halflife is not None:
        if not isinstance(halflife, timedelta) or halflife <= timedelta():
            raise ValueError("halflife must be a positive timedelta")
        return (None, halflife)
    if span is not None:
        if span < 1:
            raise ValueError("span must satisfy span >= 1")
        alpha = 2.0 / (span + 1.0)
    elif com is not None:
        if com < 0:
            raise ValueError("com must satisfy com >= 0")
        alpha = 1.0 / (com + 1.0)
    if not 0.0 <= alpha <= 1.0:  # alpha=0: equal weights, as the reference
        raise ValueError("Alpha parameter for EMA must be between 0 and 1")
    return (float(alpha), None)


def _ema_window(min_periods, horizon, min_data_points) -> tuple:
    if not _is_int(min_periods) or min_periods < 0:
        raise ValueError(f"min_periods must be a non-negative int, got {min_periods!r}")
    if not horizon:  # None or 0: an infinite horizon, as the reference
        return ("expanding_ticks", None, min_periods, True, int(min_data_points))
    if not _is_int(horizon) or horizon < 0:
        raise ValueError(f"horizon must be a non-negative int, got {horizon!r}")
    return ("ticks", horizon, min_periods, True, int(min_data_points))


def _check_horizon(function, horizon, adjust, halflife):
    if not horizon:
        return
    if not adjust:
        raise ValueError("EMA with finite horizon must use adjusted EMA for weight normalization")
    if halflife is not None:
        raise ValueError(f"csp.stats.{function}: a finite horizon needs alpha, span or com, not halflife")


def ema(x, min_periods=1, alpha=None, span=None, com=None, halflife=None, adjust=True, horizon=None,
        ignore_na=False, trigger=None, sampler=None, reset=None, recalc=None, min_data_points=0):
    """The exponential moving average, as pandas' ewm(...).mean().

    ``halflife`` decays weights with the time elapsed between ticks (pandas'
    ``times``); ``min_periods`` counts ticks (NaN ones included) before the
    first output; ``horizon`` limits the average to the last N ticks
    (adjusted weights only).
    """
    decay = _alpha(alpha, span, com, halflife)
    window = _ema_window(min_periods, horizon, min_data_points)
    _check_horizon("ema", horizon, adjust, halflife)
    edge, arrays = _data_edge(x, "ema")
    if horizon:
        return _wire("ema_horizon", "ema", [edge], window, decay + (True, bool(ignore_na)), trigger, sampler, reset,
                     recalc, arrays=arrays)
    return _wire("ema", "ema", [edge], window, decay + (bool(adjust), bool(ignore_na)), trigger, sampler, reset,
                 recalc, arrays=arrays)


def _ema_second_moment(function, data, arrays, min_periods, alpha, span, com, halflife, adjust, horizon, bias,
                       ignore_na, trigger, sampler, reset, recalc, min_data_points, allow_non_overlapping=False):
    decay = _alpha(alpha, span, com, halflife)
    window = _ema_window(min_periods, horizon, min_data_points) + (bool(allow_non_overlapping),)
    _check_horizon(function, horizon, adjust, halflife)
    params = decay + (bool(adjust), bool(ignore_na), bool(bias), function == "ema_std")
    name = "ema_cov" if function == "ema_cov" else "ema_var"
    return _wire(name + ("_horizon" if horizon else ""), function, data, window, params, trigger, sampler, reset,
                 recalc, arrays=arrays)


def ema_var(x, min_periods=1, alpha=None, span=None, com=None, halflife=None, adjust=True, horizon=None, bias=False,
            ignore_na=False, trigger=None, sampler=None, reset=None, recalc=None, min_data_points=0):
    """The exponentially weighted variance, as pandas' ewm(...).var(bias=...)."""
    data, arrays = _data_edges("ema_var", ("x", x))
    return _ema_second_moment("ema_var", data, arrays, min_periods, alpha, span, com, halflife, adjust, horizon,
                              bias, ignore_na, trigger, sampler, reset, recalc, min_data_points)


def ema_std(x, min_periods=1, alpha=None, span=None, com=None, halflife=None, adjust=True, horizon=None, bias=False,
            ignore_na=False, trigger=None, sampler=None, reset=None, recalc=None, min_data_points=0):
    """The exponentially weighted standard deviation, as pandas' ewm(...).std(bias=...)."""
    data, arrays = _data_edges("ema_std", ("x", x))
    return _ema_second_moment("ema_std", data, arrays, min_periods, alpha, span, com, halflife, adjust, horizon,
                              bias, ignore_na, trigger, sampler, reset, recalc, min_data_points)


def ema_cov(x, y, min_periods=1, alpha=None, span=None, com=None, halflife=None, adjust=True, horizon=None,
            bias=False, ignore_na=False, trigger=None, sampler=None, reset=None, recalc=None, min_data_points=0,
            allow_non_overlapping=False):
    """The exponentially weighted covariance of x and y, as pandas' ewm(...).cov(other, bias=...)."""
    data, arrays = _data_edges("ema_cov", ("x", x), ("y", y))
    return _ema_second_moment("ema_cov", data, arrays, min_periods, alpha, span, com, halflife, adjust, horizon,
                              bias, ignore_na, trigger, sampler, reset, recalc, min_data_points,
                              allow_non_overlapping)
