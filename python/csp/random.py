"""csp.random: random time series for tests, examples and demos.

- ``poisson_timer``: ticks at the events of a Poisson process whose rate
  (per second) is a time series.
- ``brownian_motion`` / ``brownian_motion_1d``: Brownian motion with
  time-varying drift and covariance (per second), sampled at trigger times.

Every node takes a ``seed`` for its own ``numpy.random.Generator``
(anything ``np.random.default_rng`` accepts): a seeded graph gives the same
series on every run.
"""

from datetime import timedelta

import numpy as np

import csp
from csp import ts
from csp.typing import Numpy1DArray, NumpyNDArray

__all__ = ["brownian_motion", "brownian_motion_1d", "poisson_timer"]


@csp.node
def poisson_timer(rate: ts[float], seed: object, value: "~T" = True) -> ts["T"]:
    """Tick ``value`` at the events of a Poisson process with intensity ``rate``.

    Inter-arrival times are exponential with mean ``1 / rate`` seconds. Each
    tick of ``rate`` (which must be non-negative) restarts the wait for the
    next event at the new rate (the process is memoryless, so this is exact);
    a rate of zero stops the events until the rate is positive again.
    """
    with csp.alarms():
        a_event = csp.alarm(bool)
    with csp.state():
        s_rng = np.random.default_rng(seed)
        s_handle = None
    if csp.ticked(rate):
        if rate < 0:
            raise ValueError(f"{csp.now()}: poisson_timer: rate must be non-negative, got {rate}")
        if s_handle is not None and not csp.ticked(a_event):
            csp.cancel_alarm(a_event, s_handle)
        s_handle = None
    if (csp.ticked(rate) or csp.ticked(a_event)) and rate > 0:
        s_handle = csp.schedule_alarm(a_event, timedelta(seconds=s_rng.exponential(1.0 / rate)), True)
    if csp.ticked(a_event):
        return value


class _Diffusion:
    """The state of a Brownian motion: parameters, value, time of the last step.

    ``step(now)`` draws the move since the last step from
    ``N(drift * dt, covariance * dt)`` (``dt`` in seconds; one draw per step,
    also when ``dt`` is zero) and adds it to the value and to the increment
    accumulated since the last ``take_increment``.
    """

    def __init__(self, seed) -> None:
        self.rng = np.random.default_rng(seed)
        self.drift = None
        self.covariance = None
        self.last_time = None
        self.value = None
        self.increment = None

    @property
    def started(self) -> bool:
        return self.last_time is not None

    def set_parameters(self, now, drift, covariance) -> None:
        """Take the current drift and covariance (both valid), checking their shapes."""
        drift = np.asarray(drift, dtype=float)
        covariance = np.asarray(covariance, dtype=float)
        if drift.ndim != 1:
            raise ValueError(f"{now}: brownian_motion: drift must be a 1-D array, got shape {drift.shape}")
        if covariance.shape != (len(drift), len(drift)):
            raise ValueError(f"{now}: brownian_motion: drift and covariance must have same length "
                             f"(drift {drift.shape}, covariance {covariance.shape})")
        if not _is_positive_semidefinite(covariance):
            raise ValueError(f"{now}: brownian_motion: covariance not positive semidefinite")
        self.drift = drift
        self.covariance = covariance
        if not self.started:
            self.last_time = now
            self.value = np.zeros(len(drift))
            self.increment = np.zeros(len(drift))

    def step(self, now) -> None:
        dt = (now - self.last_time).total_seconds()
        move = self.rng.multivariate_normal(self.drift * dt, self.covariance * dt)
        self.value = self.value + move
        self.increment = self.increment + move
        self.last_time = now

    def take_increment(self) -> np.ndarray:
        """The increment since the last call."""
        increment = self.increment
        self.increment = np.zeros(len(increment))
        return increment


def _is_positive_semidefinite(matrix: np.ndarray) -> bool:
    if not np.all(np.isfinite(matrix)) or not np.allclose(matrix, matrix.T):
        return False
    eigenvalues = np.linalg.eigvalsh(matrix)
    return len(eigenvalues) == 0 or eigenvalues.min() >= -1e-10 * max(1.0, abs(eigenvalues).max())


@csp.node
def brownian_motion(trigger: ts[object], drift: ts[Numpy1DArray[float]], covariance: ts[NumpyNDArray[float]],
                    seed: object, return_increments: bool = False) -> ts[Numpy1DArray[float]]:
    """n-dimensional Brownian motion at the ticks of ``trigger``.

    ``drift`` (length n) and ``covariance`` (n x n, positive semidefinite)
    are per second and may change over time. The process starts at zero when
    both have ticked; each trigger tick after that emits the value (a new
    float array each time) or, with ``return_increments``, its change since
    the previous trigger tick. Over a step of ``dt`` seconds the move is
    ``N(drift * dt, covariance * dt)``: a tick of drift or covariance moves
    the process to now with the old parameters before taking the new ones,
    and each trigger tick moves it to now, one draw per move. Bad shapes or
    a covariance that is not positive semidefinite raise ``ValueError`` when
    they tick.
    """
    with csp.state():
        s_process = _Diffusion(seed)
    if csp.ticked(drift, covariance) and csp.valid(drift, covariance):
        if s_process.started:
            s_process.step(csp.now())
        s_process.set_parameters(csp.now(), drift, covariance)
    if csp.ticked(trigger) and s_process.started:
        s_process.step(csp.now())
        return s_process.take_increment() if return_increments else s_process.value.copy()


@csp.node
def brownian_motion_1d_drift(drift: ts[float]) -> ts[Numpy1DArray[float]]:
    """The drift of ``brownian_motion_1d`` as a length-1 array."""
    return np.array([float(drift)])


@csp.node
def brownian_motion_1d_variance(variance: ts[float]) -> ts[NumpyNDArray[float]]:
    """The variance of ``brownian_motion_1d`` as a 1 x 1 covariance matrix."""
    return np.array([[float(variance)]])


@csp.node
def _first_element(x: ts[Numpy1DArray[float]]) -> ts[float]:
    return float(x[0])


@csp.graph
def brownian_motion_1d(trigger: ts[object], drift: ts[float], variance: ts[float], seed: object,
                       return_increments: bool = False) -> ts[float]:
    """One-dimensional ``brownian_motion``: float drift and (non-negative) variance per second."""
    process = brownian_motion(trigger, brownian_motion_1d_drift(drift), brownian_motion_1d_variance(variance), seed,
                              return_increments)
    return _first_element(process)
