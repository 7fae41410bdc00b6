"""csp.stats: rolling statistics of float time series, computed in C++.

Every function takes a float (or int) time series ``x`` and returns a float
time series (``argmin``/``argmax``: datetime). Shared parameters:

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

The statistics are wired by name to the C++ built-ins ``stats.<name>``
(cpp/src/python/stats_nodes.cpp); arguments are validated here, at wiring.
"""

from __future__ import annotations

from datetime import timedelta
from typing import List, Optional, Union

from csp.baselib import _builtin, cast_int_to_float
from csp.impl.stats_conversions import list_to_numpy, numpy_to_list
from csp.impl.types import ts
from csp.impl.wiring.edge import Edge
from csp.impl.wiring.instances import value_type

__all__ = ["argmax", "argmin", "corr", "count", "cov", "ema", "ema_std", "ema_var", "first", "gmean", "kurt",
           "list_to_numpy", "numpy_to_list",
           "last", "max", "mean", "median", "min", "min_max", "prod", "quantile", "rank", "sem", "skew", "stddev",
           "sum", "unique", "var"]

_builtin_min, _builtin_max, _builtin_sum = min, max, sum  # shadowed below by the API's names


# ---------------------------------------------------------------- validation and wiring

def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _float_edge(x, function: str, argument: str = "x") -> Edge:
    if not isinstance(x, Edge):
        raise TypeError(f"csp.stats.{function}: argument '{argument}' expects a time series, got {type(x).__name__}")
    typ = value_type(x.tstype)
    if typ is int:
        return cast_int_to_float(x)
    if typ is not float:
        raise TypeError(f"csp.stats.{function}: '{argument}' must be a ts[float] or ts[int], got ts[{typ}]"
                        " (numpy array inputs are not supported yet)")
    return x


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
          reset=None, recalc=None, output_type=float) -> Edge:
    """Adds the C++ statistic ``stats.<name>`` over ``data`` (float edges) with the given controls."""
    controls = [_control_edge(trigger, function, "trigger"), _control_edge(sampler, function, "sampler"),
                _control_edge(reset, function, "reset"), _control_edge(recalc, function, "recalc")]
    if recalc is not None and window[0] == "expanding":
        raise ValueError("The recalc parameter cannot be used with an expanding window (it is redundant)")
    flags = tuple(c is not None for c in controls)
    inputs = list(data) + [c for c in controls if c is not None]
    args = (len(data), flags, window, tuple(params))
    return _builtin(f"stats.{name}", inputs, [ts[output_type]], args, template_type=ts[float])


def _no_weights(weights, function: str) -> None:
    if weights is not None:
        raise NotImplementedError(f"csp.stats.{function}: weights are not supported yet")


# ---------------------------------------------------------------- windowed statistics

def count(x, interval=None, min_window=None, ignore_na=True, trigger=None, sampler=None, reset=None,
          min_data_points=0):
    """The number of non-NaN samples in the window."""
    return _wire("count", "count", [_float_edge(x, "count")], _window(interval, min_window, ignore_na, min_data_points),
                 trigger=trigger, sampler=sampler, reset=reset)


def sum(x, interval=None, min_window=None, precise=False, ignore_na=True, trigger=None, weights=None,  # noqa: A001
        sampler=None, reset=None, recalc=None, min_data_points=0):
    """The sum of the window (0 when empty); ``precise`` uses compensated (Kahan-Neumaier) summation."""
    _no_weights(weights, "sum")
    return _wire("sum", "sum", [_float_edge(x, "sum")], _window(interval, min_window, ignore_na, min_data_points),
                 (bool(precise),), trigger, sampler, reset, recalc)


def mean(x, interval=None, min_window=None, ignore_na=True, trigger=None, weights=None, sampler=None, reset=None,
         recalc=None, min_data_points=0):
    """The arithmetic mean of the window."""
    _no_weights(weights, "mean")
    return _wire("mean", "mean", [_float_edge(x, "mean")], _window(interval, min_window, ignore_na, min_data_points),
                 (), trigger, sampler, reset, recalc)


def _variance(kind, x, interval, min_window, ddof, ignore_na, trigger, weights, sampler, reset, recalc,
              min_data_points):
    _no_weights(weights, kind)
    if not _is_int(ddof) or ddof < 0:
        raise ValueError(f"csp.stats.{kind}: ddof must be a non-negative int, got {ddof!r}")
    return _wire("var", kind, [_float_edge(x, kind)], _window(interval, min_window, ignore_na, min_data_points),
                 (ddof, kind), trigger, sampler, reset, recalc)


def var(x, interval=None, min_window=None, ddof=1, ignore_na=True, trigger=None, weights=None, sampler=None,
        reset=None, recalc=None, min_data_points=0):
    """The variance with ``ddof`` delta degrees of freedom (NaN when n <= ddof)."""
    return _variance("var", x, interval, min_window, ddof, ignore_na, trigger, weights, sampler, reset, recalc,
                     min_data_points)


def stddev(x, interval=None, min_window=None, ddof=1, ignore_na=True, trigger=None, weights=None, sampler=None,
           reset=None, recalc=None, min_data_points=0):
    """The standard deviation (square root of var)."""
    return _variance("stddev", x, interval, min_window, ddof, ignore_na, trigger, weights, sampler, reset, recalc,
                     min_data_points)


def sem(x, interval=None, min_window=None, ddof=1, ignore_na=True, trigger=None, weights=None, sampler=None,
        reset=None, recalc=None, min_data_points=0):
    """The standard error of the mean: stddev / sqrt(n)."""
    return _variance("sem", x, interval, min_window, ddof, ignore_na, trigger, weights, sampler, reset, recalc,
                     min_data_points)


def skew(x, interval=None, min_window=None, ignore_na=True, bias=False, trigger=None, weights=None, sampler=None,
         reset=None, recalc=None, min_data_points=0):
    """The skewness (bias=False: adjusted Fisher-Pearson, as pandas)."""
    _no_weights(weights, "skew")
    return _wire("skew", "skew", [_float_edge(x, "skew")], _window(interval, min_window, ignore_na, min_data_points),
                 (bool(bias),), trigger, sampler, reset, recalc)


def kurt(x, interval=None, min_window=None, ignore_na=True, excess=True, bias=False, trigger=None, weights=None,
         sampler=None, reset=None, recalc=None, min_data_points=0):
    """The kurtosis (excess by default; bias=False as pandas)."""
    _no_weights(weights, "kurt")
    return _wire("kurt", "kurt", [_float_edge(x, "kurt")], _window(interval, min_window, ignore_na, min_data_points),
                 (bool(bias), bool(excess)), trigger, sampler, reset, recalc)


def _simple(name, x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points, params=(),
            recalc=None, output_type=float, function=None):
    function = function or name
    return _wire(name, function, [_float_edge(x, function)], _window(interval, min_window, ignore_na, min_data_points),
                 params, trigger, sampler, reset, recalc, output_type)


def min(x, interval=None, min_window=None, ignore_na=True, trigger=None, sampler=None, reset=None,  # noqa: A001
        min_data_points=0):
    """The minimum of the window."""
    return _simple("min", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points)


def max(x, interval=None, min_window=None, ignore_na=True, trigger=None, sampler=None, reset=None,  # noqa: A001
        min_data_points=0):
    """The maximum of the window."""
    return _simple("max", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points)


def min_max(x, interval=None, max=True, min_window=None, ignore_na=True, trigger=None, sampler=None,  # noqa: A002
            reset=None, min_data_points=0):
    """The maximum (``max=True``) or minimum of the window."""
    return _simple("max" if max else "min", x, interval, min_window, ignore_na, trigger, sampler, reset,
                   min_data_points, function="min_max")


def argmin(x, interval=None, min_window=None, return_most_recent=True, ignore_na=True, trigger=None, sampler=None,
           reset=None, min_data_points=0):
    """The time of the window's minimum (the most recent one of equal minima, or the oldest)."""
    from datetime import datetime

    return _simple("argminmax", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points,
                   (False, bool(return_most_recent)), output_type=datetime, function="argmin")


def argmax(x, interval=None, min_window=None, return_most_recent=True, ignore_na=True, trigger=None, sampler=None,
           reset=None, min_data_points=0):
    """The time of the window's maximum (the most recent one of equal maxima, or the oldest)."""
    from datetime import datetime

    return _simple("argminmax", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points,
                   (True, bool(return_most_recent)), output_type=datetime, function="argmax")


def first(x, interval=None, min_window=None, trigger=None, sampler=None, reset=None, min_data_points=0,
          ignore_na=True):
    """The first sample of the window (the first non-NaN one if ignore_na)."""
    return _simple("first", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points)


def last(x, interval=None, min_window=None, ignore_na=True, trigger=None, sampler=None, reset=None,
         min_data_points=0):
    """The last sample of the window (the last non-NaN one if ignore_na)."""
    return _simple("last", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points)


def prod(x, interval=None, min_window=None, ignore_na=True, trigger=None, sampler=None, reset=None, recalc=None,
         min_data_points=0):
    """The product of the window (NaN when empty)."""
    return _simple("prod", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points,
                   recalc=recalc)


def gmean(x, interval=None, min_window=None, ignore_na=True, trigger=None, sampler=None, reset=None,
          min_data_points=0):
    """The geometric mean (0 if a sample is 0, NaN if one is negative)."""
    return _simple("gmean", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points)


def unique(x, interval=None, min_window=None, trigger=None, sampler=None, reset=None, min_data_points=0,
           precision=10):
    """The number of distinct non-NaN values, compared after rounding to ``precision`` decimals."""
    if not _is_int(precision):
        raise TypeError(f"csp.stats.unique: precision must be an int, got {precision!r}")
    return _simple("unique", x, interval, min_window, True, trigger, sampler, reset, min_data_points, (precision,))


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
    edges = [_simple("quantile", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points,
                     (float(q), interpolate)) for q in quants]
    return edges if isinstance(quant, (list, tuple)) else edges[0]


def median(x, interval=None, min_window=None, ignore_na=True, trigger=None, sampler=None, reset=None,
           min_data_points=0):
    """The median of the window (the 0.5 quantile, linear interpolation)."""
    return _simple("quantile", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points,
                   (0.5, "linear"), function="median")


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
    return _simple("rank", x, interval, min_window, ignore_na, trigger, sampler, reset, min_data_points,
                   (method, na_option == "keep"))


# ---------------------------------------------------------------- two series

def _bivariate(function, x, y, interval, min_window, ddof, correlation, ignore_na, trigger, weights, sampler,
               reset, recalc, min_data_points, allow_non_overlapping):
    _no_weights(weights, function)
    if not _is_int(ddof) or ddof < 0:
        raise ValueError(f"csp.stats.{function}: ddof must be a non-negative int, got {ddof!r}")
    window = _window(interval, min_window, ignore_na, min_data_points) + (bool(allow_non_overlapping),)
    return _wire("cov", function, [_float_edge(x, function), _float_edge(y, function, "y")], window,
                 (ddof, correlation), trigger, sampler, reset, recalc)


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


def _ema_window(min_periods, horizon) -> tuple:
    if not _is_int(min_periods) or min_periods < 0:
        raise ValueError(f"min_periods must be a non-negative int, got {min_periods!r}")
    if not horizon:  # None or 0: an infinite horizon, as the reference
        return ("expanding_ticks", None, min_periods, True, 0)
    if not _is_int(horizon) or horizon < 0:
        raise ValueError(f"horizon must be a non-negative int, got {horizon!r}")
    return ("ticks", horizon, min_periods, True, 0)


def ema(x, min_periods=1, alpha=None, span=None, com=None, halflife=None, adjust=True, horizon=None,
        ignore_na=False, trigger=None, sampler=None, reset=None, recalc=None, min_data_points=0):
    """The exponential moving average, as pandas' ewm(...).mean().

    ``min_periods`` counts ticks (NaN ones included) before the first output;
    ``horizon`` limits the average to the last N ticks (adjusted weights only).
    """
    decay = _alpha(alpha, span, com, halflife)
    window = _ema_window(min_periods, horizon)
    window = window[:4] + (int(min_data_points),)
    if horizon:
        if not adjust:
            raise ValueError("EMA with finite horizon must use adjusted EMA for weight normalization")
        if halflife is not None:
            raise NotImplementedError("csp.stats.ema: halflife with a finite horizon is not supported yet")
        return _wire("ema_horizon", "ema", [_float_edge(x, "ema")], window, decay + (True, bool(ignore_na)),
                     trigger, sampler, reset, recalc)
    if recalc is not None:
        raise ValueError("The recalc parameter cannot be used with an expanding window (it is redundant)")
    return _wire("ema", "ema", [_float_edge(x, "ema")], window, decay + (bool(adjust), bool(ignore_na)),
                 trigger, sampler, reset)


def _ema_var(function, x, min_periods, alpha, span, com, halflife, adjust, horizon, bias, ignore_na, trigger,
             sampler, reset, recalc, min_data_points):
    decay = _alpha(alpha, span, com, halflife)
    window = _ema_window(min_periods, horizon)[:4] + (int(min_data_points),)
    if horizon:
        raise NotImplementedError(f"csp.stats.{function}: a finite horizon is not supported yet")
    if recalc is not None:
        raise ValueError("The recalc parameter cannot be used with an expanding window (it is redundant)")
    params = decay + (bool(adjust), bool(ignore_na), bool(bias), function == "ema_std")
    return _wire("ema_var", function, [_float_edge(x, function)], window, params, trigger, sampler, reset)


def ema_var(x, min_periods=1, alpha=None, span=None, com=None, halflife=None, adjust=True, horizon=None, bias=False,
            ignore_na=False, trigger=None, sampler=None, reset=None, recalc=None, min_data_points=0):
    """The exponentially weighted variance, as pandas' ewm(...).var(bias=...)."""
    return _ema_var("ema_var", x, min_periods, alpha, span, com, halflife, adjust, horizon, bias, ignore_na, trigger,
                    sampler, reset, recalc, min_data_points)


def ema_std(x, min_periods=1, alpha=None, span=None, com=None, halflife=None, adjust=True, horizon=None, bias=False,
            ignore_na=False, trigger=None, sampler=None, reset=None, recalc=None, min_data_points=0):
    """The exponentially weighted standard deviation, as pandas' ewm(...).std(bias=...)."""
    return _ema_var("ema_std", x, min_periods, alpha, span, com, halflife, adjust, horizon, bias, ignore_na, trigger,
                    sampler, reset, recalc, min_data_points)
