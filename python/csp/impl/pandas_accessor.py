"""pandas accessors for csp: ``series.csp`` / ``frame.csp`` and ``series.to_csp`` / ``frame.to_csp``.

Importing this module registers them (``import csp.impl.pandas_accessor``).

- ``series.csp`` on a Series of ``TsDtype`` (a Series of edges): ``run``,
  ``snap``, ``sample``, ``apply``, ``pipe``, ``binop``, ``valid``,
  ``synchronize``, ``flatten`` (struct edges into one column per field), ``show_graph``.
- ``frame.csp`` on a DataFrame mixing ``TsDtype`` columns and static ones:
  ``ts_frame``, ``static_frame``, ``run``, ``snap``, ``sample``, ``collect``
  (one struct edge per row), ``show_graph``.
- ``series.to_csp()`` / ``frame.to_csp()`` turn time series *data* into
  edges: the innermost index level must be a DatetimeIndex; with outer levels
  (symbols, ...) the result is indexed by them and holds one edge per group.

``run`` returns the ticks with the time as the innermost index level, the
original index outside it.
"""

from datetime import date, datetime, timedelta
from typing import Dict, List, Union

import numpy as np
import pandas as pd
from pandas.api.extensions import register_dataframe_accessor, register_series_accessor

import csp
from csp import ts
from csp.dataframe import run_columns
from csp.impl.pandas_ext_type import TsArray, TsDtype, is_csp_type
from csp.impl.struct import define_nested_struct, is_struct_type
from csp.impl.wiring.edge import Edge

__all__ = ["CspDataFrameAccessor", "CspSeriesAccessor", "ToCspFrameAccessor", "ToCspSeriesAccessor"]

_MIN_START = datetime(1970, 1, 1)


def _ts_series(values, index, name=None, dtype=None) -> pd.Series:
    return pd.Series(TsArray(list(values), dtype=dtype), index=index, name=name)


def _edges(series: pd.Series):
    """(position, edge) of every element that is not missing."""
    return [(i, e) for i, e in enumerate(series.array) if isinstance(e, Edge)]


def _ticks_series(columns: List, labels, name=None) -> pd.Series:
    """The ticks of several elements as one Series indexed by (element label..., time);
    ``columns`` holds each element's (times, values) as ``run_columns`` gives them."""
    counts = [len(times) for times, _ in columns]
    if not sum(counts):
        return pd.Series([], dtype=float, name=name)
    times = np.concatenate([times for times, _ in columns])
    if all(isinstance(values, np.ndarray) for _, values in columns):
        values = np.concatenate([values for _, values in columns])
    else:
        values = [v for _, element_values in columns for v in element_values]
    prefixes = [label if isinstance(label, tuple) else (label,) for label in labels]
    levels = [np.repeat(np.array([p[k] for p in prefixes], dtype=object), counts) for k in range(len(prefixes[0]))]
    return pd.Series(values, index=pd.MultiIndex.from_arrays(levels + [times]), name=name)


def _with_level_names(result, index):
    names = list(index.names) + [None]
    if isinstance(result.index, pd.MultiIndex) and len(result.index.names) == len(names):
        result.index = result.index.set_names(names)
    return result


def _trigger_edge(trigger) -> Edge:
    if isinstance(trigger, Edge):
        return trigger
    return csp.timer(pd.Timedelta(trigger).to_pytimedelta())


@csp.node
def _stop_when_all_ticked(xs: [ts[object]]):
    if csp.valid(xs):
        csp.stop_engine()


def _snap_outputs(edges: Dict, timeout: timedelta, starttime) -> Dict:
    """The first value of each edge in a realtime run of at most ``timeout``."""
    def graph():
        for key, edge in edges.items():
            csp.add_graph_output(key, csp.firstN(edge, 1))
        _stop_when_all_ticked(list(edges.values()))

    if not edges:
        return {}
    start = starttime or datetime.utcnow()
    results = csp.run(graph, starttime=start, endtime=timeout, realtime=True) or {}
    return {k: ticks[0][1] for k, ticks in results.items() if ticks}


@register_series_accessor("csp")
class CspSeriesAccessor:
    """``series.csp``: a Series of edges (``TsDtype``) as a set of time series."""

    def __init__(self, pandas_obj):
        if not is_csp_type(pandas_obj):
            raise AttributeError("the .csp accessor needs a Series of dtype TsDtype (csp edges)")
        self._obj = pandas_obj

    def _map(self, func, dtype=None) -> pd.Series:
        values = [func(e) if isinstance(e, Edge) else np.nan for e in self._obj.array]
        return _ts_series(values, self._obj.index, self._obj.name, dtype)

    def run(self, starttime: datetime, endtime: datetime, realtime: bool = False, tick_count: int = -1,
            tick_history: timedelta = timedelta(0), snap: bool = False) -> pd.Series:
        """Runs every edge; a Series of their ticks indexed by (original index, time).
        With ``snap``, only each edge's last value, indexed like the Series."""
        edges = dict(_edges(self._obj))
        results = run_columns(edges, starttime, endtime, realtime, tick_count, tick_history)
        if snap:
            last = {i: results[i][1][-1] for i in edges if len(results[i][0])}
            return pd.Series(list(last.values()), index=self._obj.index[list(last)], name=self._obj.name)
        labels = [self._obj.index[i] for i in edges]
        result = _ticks_series([results[i] for i in edges], labels, self._obj.name)
        return _with_level_names(result, self._obj.index)

    def snap(self, timeout: timedelta = timedelta(seconds=10), starttime: datetime = None) -> pd.Series:
        """Runs in realtime until every edge ticked once (at most ``timeout``); their first values."""
        values = _snap_outputs(dict(_edges(self._obj)), timeout, starttime)
        return pd.Series(list(values.values()), index=self._obj.index[list(values)], name=self._obj.name,
                         dtype=None if values else float)

    def sample(self, trigger: Union[timedelta, np.timedelta64, pd.Timedelta, Edge]) -> pd.Series:
        """Every edge sampled when ``trigger`` (an edge, or an interval for a timer) ticks."""
        trigger = _trigger_edge(trigger)
        return self._map(lambda e: csp.sample(trigger, e), self._obj.dtype)

    def apply(self, func, *args, **kwargs) -> pd.Series:
        """``func(value, *args, **kwargs)`` on every tick of every edge (same value type)."""
        typ = self._obj.dtype.subtype or object
        return self._map(lambda e: csp.apply(e, lambda v: func(v, *args, **kwargs), typ), self._obj.dtype)

    def pipe(self, node, *args, **kwargs) -> pd.Series:
        """``node(edge, *args, **kwargs)`` for every edge."""
        return self._map(lambda e: node(e, *args, **kwargs))

    def binop(self, node, other, *args, **kwargs) -> pd.Series:
        """``node(edge, other_edge, ...)`` element by element (``other`` aligned on the index, or one edge)."""
        if isinstance(other, pd.Series):
            other = other.reindex(self._obj.index)
            pairs = zip(self._obj.array, other.array)
        else:
            pairs = ((e, other) for e in self._obj.array)
        values = [node(a, b, *args, **kwargs) if isinstance(a, Edge) and isinstance(b, Edge) else np.nan
                  for a, b in pairs]
        return _ts_series(values, self._obj.index, self._obj.name)

    def synchronize(self, threshold: timedelta) -> pd.Series:
        """The edges ticking together: ``csp.basketlib.sync_list`` over every element (ticks within
        ``threshold`` of the first are output at once, the incomplete set when it expires)."""
        from csp.basketlib import sync_list

        edges = _edges(self._obj)
        synced = dict(zip((i for i, _ in edges), sync_list([e for _, e in edges], threshold)))
        values = [synced.get(i, np.nan) for i in range(len(self._obj))]
        return _ts_series(values, self._obj.index, self._obj.name, self._obj.dtype)

    def valid(self) -> Edge:
        """A ts[bool] that ticks True once every edge has ticked."""
        return _basket_valid([e for _, e in _edges(self._obj)])

    def flatten(self, columns=None, prepend_name=True, delim=" ", recursive=True) -> pd.DataFrame:
        """Edges of a ``csp.Struct`` type as a frame of one column per field (nested structs too,
        with ``recursive``); ``columns`` picks fields; names are ``"<series name><delim><field>"``."""
        typ = self._obj.dtype.subtype
        if not is_struct_type(typ):
            raise TypeError(f"flatten needs a Series of struct edges, got {self._obj.dtype}")
        frame = {}
        prefix = f"{self._obj.name}{delim}" if prepend_name and self._obj.name is not None else ""
        for field, field_type in typ.metadata().items():
            if columns is not None and field not in columns:
                continue
            column = self._map(lambda e: getattr(e, field), TsDtype(field_type))
            column.name = prefix + field
            if recursive and is_struct_type(field_type):
                frame.update({name: col for name, col in column.csp.flatten(None, True, delim, True).items()})
            else:
                frame[column.name] = column
        return pd.DataFrame(frame, index=self._obj.index)

    def show_graph(self):
        """Draws the graph of every edge (``csp.show_graph``)."""
        return csp.show_graph(_outputs_graph(dict(_edges(self._obj))))


@csp.node
def _basket_valid(xs: [ts[object]]) -> ts[bool]:
    with csp.state():
        s_done = False
    if not s_done and csp.valid(xs):
        s_done = True
        return True


def _outputs_graph(edges: Dict):
    def graph():
        for key, edge in edges.items():
            csp.add_graph_output(key, edge)

    return graph


@register_dataframe_accessor("csp")
class CspDataFrameAccessor:
    """``frame.csp``: a DataFrame with columns of edges (``TsDtype``) next to static columns."""

    def __init__(self, pandas_obj):
        self._obj = pandas_obj

    def _ts_columns(self) -> List:
        return [c for c in self._obj.columns if is_csp_type(self._obj[c])]

    def ts_frame(self) -> pd.DataFrame:
        """The columns of edges."""
        return self._obj[self._ts_columns()]

    def static_frame(self) -> pd.DataFrame:
        """The other columns."""
        ts_columns = set(self._ts_columns())
        return self._obj[[c for c in self._obj.columns if c not in ts_columns]]

    def run(self, starttime: datetime, endtime: datetime, realtime: bool = False, tick_count: int = -1,
            tick_history: timedelta = timedelta(0), snap: bool = False, collect: bool = True) -> pd.DataFrame:
        """Runs every edge of every column; a frame indexed by (original index, time) with a row per
        time any edge of the row ticked, the static columns repeated (``collect`` does not change the result)."""
        columns = self._ts_columns()
        edges = {(c, i): e for c in columns for i, e in _edges(self._obj[c])}
        results = run_columns(edges, starttime, endtime, realtime, tick_count, tick_history)
        if snap:
            return self._snap_frame({k: values[-1] for k, (times, values) in results.items() if len(times)})
        parts = {}
        for c in columns:
            positions = [i for (col, i) in edges if col == c]
            labels = [self._obj.index[i] for i in positions]
            parts[c] = _ticks_series([results[(c, i)] for i in positions], labels)
        frame = pd.concat(parts, axis=1) if parts else pd.DataFrame()
        frame = _in_element_order(frame.reindex(columns=columns), self._obj.index)
        return _with_level_names(self._join_static(frame), self._obj.index)

    def _join_static(self, frame: pd.DataFrame) -> pd.DataFrame:
        static = self.static_frame()
        if len(frame) == 0:
            return pd.DataFrame(columns=list(self._obj.columns))
        outer = frame.index.droplevel(-1)
        for c in static.columns:
            frame[c] = static[c].reindex(outer).to_numpy()
        return frame[list(self._obj.columns)]

    def _snap_frame(self, values: Dict) -> pd.DataFrame:
        rows = sorted({i for (_, i) in values})
        frame = self._obj.iloc[rows].copy()
        for c in self._ts_columns():
            frame[c] = [values.get((c, i), np.nan) for i in rows]
            frame[c] = frame[c].infer_objects()
        return frame

    def snap(self, timeout: timedelta = timedelta(seconds=10), starttime: datetime = None) -> pd.DataFrame:
        """Runs in realtime until every edge ticked once (at most ``timeout``); the frame of first values."""
        edges = {(c, i): e for c in self._ts_columns() for i, e in _edges(self._obj[c])}
        return self._snap_frame(_snap_outputs(edges, timeout, starttime))

    def sample(self, trigger: Union[timedelta, np.timedelta64, pd.Timedelta, Edge], inplace: bool = False):
        """Every edge of every column sampled when ``trigger`` ticks (in place with ``inplace``)."""
        trigger = _trigger_edge(trigger)
        frame = self._obj if inplace else self._obj.copy()
        for c in self._ts_columns():
            frame[c] = frame[c].csp.sample(trigger)
        return None if inplace else frame

    def collect(self, columns=None, struct_type=None, delim=" ") -> pd.Series:
        """The edge columns of each row as one edge of a struct (``struct_type``, or a struct made from
        the column names, nested where names contain ``delim``)."""
        columns = columns if columns is not None else self._ts_columns()
        if struct_type is None:
            metadata = {}
            for c in columns:
                _nest(metadata, str(c).split(delim), self._obj[c].dtype.subtype or object)
            struct_type = define_nested_struct("CollectedStruct", metadata)
        values = []
        for i in range(len(self._obj)):
            row = {str(c): self._obj[c].array[i] for c in columns}
            values.append(_struct_of(struct_type, row, delim))
        return _ts_series(values, self._obj.index, dtype=TsDtype(struct_type))

    def show_graph(self):
        """Draws the graph of every edge (``csp.show_graph``)."""
        edges = {f"{c}[{i}]": e for c in self._ts_columns() for i, e in _edges(self._obj[c])}
        return csp.show_graph(_outputs_graph(edges))


def _in_element_order(frame: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    """Rows ordered by their element's position in ``index``, then by time."""
    if len(frame) == 0:
        return frame
    outer = frame.index.droplevel(-1)
    positions = index.get_indexer(outer if index.nlevels > 1 else outer.get_level_values(0))
    order = np.lexsort((frame.index.get_level_values(-1).to_numpy(), positions))
    return frame.iloc[order]


def _aggregate(series: pd.Series, agg: str):
    """``agg`` (a pandas groupby aggregation name) of a whole column."""
    return getattr(series.groupby(np.zeros(len(series), dtype=int)), agg)().iloc[0]


def _nest(metadata: dict, path: List[str], typ) -> None:
    for part in path[:-1]:
        metadata = metadata.setdefault(part, {})
    metadata[path[-1]] = typ


def _struct_of(struct_type, row: Dict, delim: str):
    inputs, nested = {}, {}
    for name, edge in row.items():
        head, _, rest = name.partition(delim)
        if rest:
            nested.setdefault(head, {})[rest] = edge
        elif isinstance(edge, Edge):
            inputs[name] = edge
    metadata = struct_type.metadata()
    for head, sub in nested.items():
        inner = _struct_of(metadata[head], sub, delim)
        if isinstance(inner, Edge):
            inputs[head] = inner
    return struct_type.fromts(**inputs) if inputs else np.nan


# ---- time series data to edges

def _python_type(series: pd.Series):
    """The csp value type of a Series of data."""
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return bool
    if pd.api.types.is_integer_dtype(dtype):
        return int
    if pd.api.types.is_float_dtype(dtype):
        return float
    if pd.api.types.is_datetime64_dtype(dtype):
        return datetime
    if pd.api.types.is_timedelta64_dtype(dtype):
        return timedelta
    if pd.api.types.is_string_dtype(dtype) and not all(isinstance(v, (list, dict, bytes)) for v in series.dropna()):
        return str
    kinds = {type(v) for v in series.dropna()}
    return kinds.pop() if len(kinds) == 1 and kinds != {date} else object


def _from_series(series: pd.Series, drop_na: bool = False) -> Edge:
    """An edge ticking the Series' values at its DatetimeIndex times (the last value per time)."""
    if not isinstance(series.index, pd.DatetimeIndex):
        raise TypeError("Index must be a pd.DatetimeIndex")
    typ = _python_type(series)
    if drop_na:
        series = series[series.notna()]
    elif pd.api.types.is_extension_array_dtype(series.dtype) and series.hasnans:
        series = series[series.notna()]  # nullable integers and booleans have no NaN value to tick
    index = series.index
    if index.tz is not None:
        index = index.tz_convert("UTC").tz_localize(None)
    times = index.to_numpy().astype("datetime64[ns]")
    order = np.argsort(times, kind="stable")
    times, values = times[order], series.to_numpy()[order]
    keep = np.ones(len(times), dtype=bool)
    keep[:-1] = times[1:] != times[:-1]
    times, values = times[keep], values[keep]
    if typ in (float, int, bool):
        return csp.curve(typ, (times, values.astype(typ)))
    py_times = [datetime(1970, 1, 1) + timedelta(microseconds=int(t) // 1000) for t in times.view(np.int64)]
    if typ is datetime:
        values = [pd.Timestamp(v).to_pydatetime() for v in values]
    elif typ is timedelta:
        values = [pd.Timedelta(v).to_pytimedelta() for v in values]
    return csp.curve(typ, list(zip(py_times, values)))


def _outer_groups(obj):
    """(outer labels, [sub-object per group]) of a frame or Series whose last index level is the time."""
    index = obj.index
    if not isinstance(index.get_level_values(-1), pd.DatetimeIndex):
        raise TypeError("Last (innermost) index must be of type DatetimeIndex")
    levels = list(range(index.nlevels - 1))
    groups = obj.groupby(level=levels if len(levels) > 1 else levels[0], sort=True)
    labels, parts = [], []
    for label, part in groups:
        labels.append(label)
        parts.append(part.droplevel(levels))
    names = index.names[:-1]
    outer = pd.MultiIndex.from_tuples(labels, names=names) if len(levels) > 1 else pd.Index(labels, name=names[0])
    return outer, parts


@register_series_accessor("to_csp")
class ToCspSeriesAccessor:
    """``series.to_csp()``: time series data (DatetimeIndex, or outer levels then time) to edges."""

    def __init__(self, pandas_obj):
        self._obj = pandas_obj

    def __call__(self, drop_na: bool = False):
        """An edge (DatetimeIndex), else a Series of edges indexed by the outer levels."""
        if not isinstance(self._obj.index, pd.MultiIndex):
            return _from_series(self._obj, drop_na)
        outer, parts = _outer_groups(self._obj)
        edges = [_from_series(part, drop_na) for part in parts]
        return _ts_series(edges, outer, self._obj.name)


@register_dataframe_accessor("to_csp")
class ToCspFrameAccessor:
    """``frame.to_csp()``: frames of time series data to edges, one per column (and per group)."""

    def __init__(self, pandas_obj):
        self._obj = pandas_obj

    def __call__(self, columns=None, agg="last", drop_na=False):
        """``columns`` (default: all) become edges; the other columns are aggregated with ``agg``
        (a pandas groupby aggregation name). A DatetimeIndex frame gives ``{column: edge or value}``;
        a frame with outer index levels gives a frame indexed by them, of edge and static columns."""
        frame = self._obj
        selected = list(frame.columns) if columns is None else list(columns)
        missing = [c for c in selected if c not in frame.columns]
        if missing:
            raise KeyError(f"to_csp: no column {missing[0]!r}")
        static = [c for c in frame.columns if c not in selected]
        if not isinstance(frame.index, pd.MultiIndex):
            result = {c: _from_series(frame[c], drop_na) for c in selected}
            result.update({c: _aggregate(frame[c], agg) for c in static})
            return {c: result[c] for c in frame.columns}
        outer, parts = _outer_groups(frame)
        out = pd.DataFrame(index=outer)
        for c in frame.columns:
            if c in selected:
                out[c] = _ts_series([_from_series(part[c], drop_na) for part in parts], outer)
            else:
                out[c] = [_aggregate(part[c], agg) for part in parts]
        return out
