"""``csp.DataFrame``: a frame whose columns are time series (edges) or scalars.

A ``csp.DataFrame`` is built from a dict of column name to edge (or scalar),
used like a pandas frame while the graph is wired, and turned into pandas
data when it is run::

    df = csp.DataFrame({"bid": bid, "ask": ask})
    df["mid"] = (df["bid"] + df["ask"]) / 2
    wide = df[df["mid"] > 100.0]                 # every column filtered by a ts[bool]
    frame = wide.to_pandas(start, end)           # one row per tick time, NaN where a column did not tick
    frames = df.to_pandas_ts(csp.timer(timedelta(minutes=1)), timedelta(minutes=5))  # ts[pandas.DataFrame]

Arithmetic and comparisons apply to every edge column, with a scalar, an edge
or another ``csp.DataFrame`` of the same columns (column by column).
``to_pandas`` records native columns (float, int, bool, datetime, timedelta)
as numpy arrays built by the engine, without a Python object per tick.
"""

import operator
from datetime import datetime, timedelta
from typing import Dict, Optional

import numpy as np
import pandas

from csp.baselib import add_graph_output, filter as ts_filter
from csp.impl import node_language as _nl
from csp.impl.runtime import MAX_END_TIME, run
from csp.impl.types import ts
from csp.impl.wiring.decorators import node
from csp.impl.wiring.edge import Edge
from csp.showgraph import show_graph

__all__ = ["DataFrame", "run_columns"]

_NATIVE = (float, int, bool, datetime, timedelta)
# numpy units of the engine's arrays -> the units pandas gives the same values built from Python objects
_PANDAS_UNIT = {"datetime64[ns]": "datetime64[us]", "timedelta64[ns]": "timedelta64[us]"}


class DataFrame:
    """Columns of edges (and scalars) sharing one time axis when run."""

    def __init__(self, data: Optional[Dict] = None):
        self._data = dict(data) if data is not None else {}

    # ---- columns

    @property
    def columns(self):
        """The column names, in insertion order."""
        return list(self._data)

    def __getattr__(self, column):
        data = self.__dict__.get("_data")
        if data is None or column not in data:
            raise AttributeError(column)
        return data[column]

    def __getitem__(self, columns):
        if isinstance(columns, Edge):
            return self._filter(columns)
        if isinstance(columns, list):
            return DataFrame({column: self._column(column) for column in columns})
        return self._column(columns)

    def _column(self, column):
        if column not in self._data:
            raise KeyError(f"Unrecognized column: {column!r}")
        return self._data[column]

    def __setitem__(self, columns, values):
        if isinstance(values, DataFrame):
            values = list(values._data.values())
            if not isinstance(columns, list):
                if len(values) != 1:
                    raise ValueError(f"cannot set column {columns!r} from a csp.DataFrame of {len(values)} columns")
                values = values[0]
        if isinstance(columns, list):
            if not isinstance(values, (list, tuple)) or len(values) != len(columns):
                raise ValueError(f"setting columns {columns} needs as many values, got {values!r}")
            for column, value in zip(columns, values):
                self._data[column] = value
        else:
            self._data[columns] = values

    def _filter(self, filter_ts: Edge) -> "DataFrame":
        """Every edge column ticking only while ``filter_ts`` (a ts[bool]) is True."""
        return DataFrame({k: ts_filter(filter_ts, v) if isinstance(v, Edge) else v for k, v in self._data.items()})

    # ---- arithmetic and comparisons, column by column

    def _apply_binary_op(self, other, method):
        if isinstance(other, DataFrame):
            for column in self._data:
                if column not in other._data:
                    raise ValueError(f"Shape mismatch, missing column {column}")
            if len(other._data) != len(self._data):
                extra = [column for column in other._data if column not in self._data]
                raise ValueError(f"Shape mismatch, missing column {extra[0]}")
            return DataFrame({k: method(v, other._data[k]) for k, v in self._data.items()})
        return DataFrame({k: method(v, other) for k, v in self._data.items()})

    def __add__(self, other):
        return self._apply_binary_op(other, operator.add)

    def __sub__(self, other):
        return self._apply_binary_op(other, operator.sub)

    def __mul__(self, other):
        return self._apply_binary_op(other, operator.mul)

    def __truediv__(self, other):
        return self._apply_binary_op(other, operator.truediv)

    def __floordiv__(self, other):
        return self._apply_binary_op(other, operator.floordiv)

    def __pow__(self, other):
        return self._apply_binary_op(other, operator.pow)

    def __gt__(self, other):
        return self._apply_binary_op(other, operator.gt)

    def __ge__(self, other):
        return self._apply_binary_op(other, operator.ge)

    def __lt__(self, other):
        return self._apply_binary_op(other, operator.lt)

    def __le__(self, other):
        return self._apply_binary_op(other, operator.le)

    def __eq__(self, other):
        return self._apply_binary_op(other, operator.eq)

    def __ne__(self, other):
        return self._apply_binary_op(other, operator.ne)

    __hash__ = object.__hash__

    # ---- printing

    def __repr__(self):
        return "csp.DataFrame( %s )" % ", ".join(f"{k} = {_describe(v)}" for k, v in self._data.items())

    def __str__(self):
        return "\n".join(f"{k} : {_describe(v)}" for k, v in self._data.items())

    # ---- running

    def _eval_graph(self):
        """Adds every edge column as a graph output (call while a graph is built)."""
        for key, value in self._data.items():
            if isinstance(value, Edge):
                add_graph_output(key, value)

    def _eval(self, starttime: datetime, endtime: datetime = None, realtime: bool = False):
        """``{column: [(datetime, value), ...]}`` of a run of the edge columns."""
        return run(self._eval_graph, starttime=starttime, endtime=endtime or MAX_END_TIME,
                       realtime=realtime) or {}

    def to_pandas(self, starttime: datetime, endtime: datetime, realtime: bool = False) -> pandas.DataFrame:
        """Runs the columns from ``starttime`` to ``endtime``: one row per time any column ticked
        (NaN where a column did not tick then); a scalar column repeats its value on every row."""
        edges = {k: v for k, v in self._data.items() if isinstance(v, Edge)}
        results = run_columns(edges, starttime, endtime, realtime)
        if results and all(isinstance(v, np.ndarray) for _, v in results.values()) \
                and _same_times([t for t, _ in results.values()]):
            return self._frame_on_one_index(results)
        series = {}
        for key in self._data:
            if key in results:
                times, values = results[key]
                series[key] = _numpy_series(times, values) if isinstance(values, np.ndarray) else \
                    pandas.Series(values, index=pandas.DatetimeIndex(times.astype("datetime64[us]")),
                                  dtype=None if values else float)
        frame = pandas.DataFrame(series)
        for key, value in self._data.items():
            if key not in edges:
                frame[key] = value
        return frame[list(self._data)] if list(frame.columns) != list(self._data) else frame

    def _frame_on_one_index(self, results) -> pandas.DataFrame:
        """Every edge column ticked at the same times: one index, the engine's arrays as the columns."""
        times = next(iter(results.values()))[0]
        index = pandas.DatetimeIndex(times.astype("datetime64[us]"), copy=False)
        columns = {}
        for key, value in self._data.items():
            if key in results:
                values = results[key][1]
                unit = _PANDAS_UNIT.get(str(values.dtype))
                columns[key] = values.astype(unit) if unit is not None else values
            else:
                columns[key] = value
        return pandas.DataFrame(columns, index=index, copy=False)

    def to_pandas_ts(self, trigger, window, tindex=None, wait_all_valid=True):
        """A ``ts[pandas.DataFrame]`` of the columns' recent ticks each time ``trigger`` ticks
        (``csp.impl.pandas.make_pandas``; call while a graph is built)."""
        from csp.impl.pandas import make_pandas

        return make_pandas(trigger, self._data, window, tindex, wait_all_valid)

    def show_graph(self):
        """Draws the graph of the edge columns (``csp.show_graph``)."""
        return show_graph(self._eval_graph)


def run_columns(edges: Dict, starttime: datetime, endtime, realtime: bool = False, tick_count: int = -1,
                tick_history: timedelta = timedelta(0)) -> Dict:
    """One run of ``{key: edge}``: ``{key: (datetime64[ns] times, values)}``. Native value types
    (float, int, bool, datetime, timedelta) come as numpy arrays recorded by the engine; other
    values as a list. ``tick_count`` / ``tick_history`` keep only each edge's last ticks."""
    native = {k: e for k, e in edges.items() if e.tstype.typ in _NATIVE}
    collected = {k: [] for k in edges if k not in native}

    def graph():
        for key, edge in native.items():
            add_graph_output(key, edge, tick_count=tick_count)
        for key, rows in collected.items():
            _record(edges[key], rows)

    if not edges:
        return {}
    results = run(graph, starttime=starttime, endtime=endtime, realtime=realtime, output_numpy=True) or {}
    columns = {}
    for key in edges:
        if key in native:
            times, values = results[key]
        else:
            rows = collected[key][-tick_count:] if tick_count > 0 else collected[key]
            times = np.array([t for t, _ in rows], dtype="datetime64[ns]")
            values = [v for _, v in rows]
        columns[key] = _last_history(times, values, tick_history)
    return columns


def _last_history(times: np.ndarray, values, history: timedelta):
    """The ticks at or after ``last tick - history`` (all of them for a zero history)."""
    if not history or len(times) == 0:
        return times, values
    first = int(np.searchsorted(times, times[-1] - np.timedelta64(history), side="left"))
    return times[first:], values[first:]


def _describe(value) -> str:
    if isinstance(value, Edge):
        typ = value.tstype.typ
        return f"ts[{getattr(typ, '__name__', typ)}]"
    return repr(value)


def _same_times(arrays) -> bool:
    first = arrays[0]
    return all(a is first or (len(a) == len(first) and np.array_equal(a, first)) for a in arrays[1:])


def _numpy_series(times: np.ndarray, values: np.ndarray) -> pandas.Series:
    """A Series of an engine's numpy output, in the units pandas uses for Python datetimes."""
    unit = _PANDAS_UNIT.get(str(values.dtype))
    if unit is not None:
        values = values.astype(unit)
    return pandas.Series(values, index=pandas.DatetimeIndex(times.astype("datetime64[us]")), copy=False)


@node
def _record(x: ts["T"], rows: object):
    if _nl.ticked(x):
        rows.append((_nl.now(), x))
