"""Time series to pandas inside a graph: ``make_pandas`` ticks a DataFrame of recent history.

``make_pandas(trigger, data, window, tindex=None, wait_all_valid=True)`` returns
a ``ts[pandas.DataFrame]`` that ticks whenever ``trigger`` ticks. Each key of
``data`` is a column; the rows are the ticks inside the window:

- ``window`` is a ``timedelta`` (ticks at or after ``now - window``) or an
  ``int`` (each column's last ``window`` ticks);
- without ``tindex`` the index is the union of the columns' tick times (a
  column that did not tick at a row's time shows NaN);
- with ``tindex`` (an edge) the rows are the times ``tindex`` ticked, and each
  column shows its value as of that time (NaN while it was not yet valid);
- with ``wait_all_valid`` nothing is recorded, and nothing is output, until
  every column has ticked once; the ticks before that are not shown.
"""

from collections import deque
from datetime import datetime, timedelta
from typing import Any, Dict

import numpy as np
import pandas

from csp.baselib import null_ts
from csp.impl import node_language as _nl
from csp.impl.types import ts
from csp.impl.wiring.decorators import graph, node

__all__ = ["make_pandas"]

_NUMPY_DTYPES = {float: np.float64, int: np.int64, bool: np.bool_}


class _Recorder:
    """The (time, value) rows of one column, trimmed to the window."""

    def __init__(self, window, dtype=object):
        self._window = window
        self._dtype = dtype
        self.rows = deque(maxlen=window) if isinstance(window, int) else deque()

    def append(self, time: datetime, value) -> None:
        self.rows.append((time, value))

    def trim(self, now: datetime) -> None:
        if isinstance(self._window, timedelta):
            start = now - self._window
            while self.rows and self.rows[0][0] < start:
                self.rows.popleft()

    def series(self) -> pandas.Series:
        if not self.rows:
            return pandas.Series([], index=pandas.DatetimeIndex([], dtype="datetime64[s]"), dtype=self._dtype)
        times = pandas.DatetimeIndex(np.array([t for t, _ in self.rows], dtype="datetime64[ns]"))
        return pandas.Series([v for _, v in self.rows], index=times)


def _check_window(window) -> None:
    if isinstance(window, bool) or not isinstance(window, (int, timedelta)):
        raise TypeError(f"make_pandas: window must be an int (ticks) or a timedelta, got {window!r}")
    if (window <= 0) if isinstance(window, int) else (window <= timedelta()):
        raise ValueError(f"make_pandas: window must be positive, got {window!r}")


def _frame(columns: Dict[Any, _Recorder], index=None) -> pandas.DataFrame:
    """The columns' rows joined on their times (or reindexed to ``index``, the times ``tindex`` ticked)."""
    return pandas.DataFrame({key: recorder.series() for key, recorder in columns.items()}, index=index)


@node
def _pandas_at(trigger: ts[object], xs: {object: ts[object]}, tindex: ts[object], window: object, has_tindex: bool,
               wait_all_valid: bool, dtypes: object) -> ts[pandas.DataFrame]:
    with _nl.state():
        s_columns = {}
        s_times = None
        s_recording = False
    with _nl.start():
        s_columns = {key: _Recorder(window, dtypes[key]) for key in xs.keys()}
        s_times = _Recorder(window) if has_tindex else None
        s_recording = not wait_all_valid
    if not s_recording and xs.valid():
        s_recording = True
    if s_recording:
        now = _nl.now()
        if has_tindex:
            if _nl.ticked(tindex):
                s_times.append(now, None)
                for key, recorder in s_columns.items():
                    if _nl.valid(xs[key]):
                        recorder.append(now, xs[key])
        else:
            for key, value in xs.tickeditems():
                s_columns[key].append(now, value)
        if _nl.ticked(trigger):
            for recorder in s_columns.values():
                recorder.trim(now)
            index = None
            if has_tindex:
                s_times.trim(now)
                index = pandas.DatetimeIndex(np.array([t for t, _ in s_times.rows], dtype="datetime64[ns]"))
            return _frame(s_columns, index)


@graph
def make_pandas(trigger: ts[object], data: {object: ts[object]}, window: object, tindex: ts[object] = None,
                wait_all_valid: bool = True) -> ts[pandas.DataFrame]:
    """A DataFrame of ``data``'s recent ticks each time ``trigger`` ticks (see the module docstring)."""
    _check_window(window)
    has_tindex = tindex is not None
    if not has_tindex:
        tindex = null_ts(bool)
    dtypes = {key: _NUMPY_DTYPES.get(edge.tstype.typ, object) for key, edge in data.items()}
    return _pandas_at(trigger, data, tindex, window, has_tindex, wait_all_valid, dtypes)
