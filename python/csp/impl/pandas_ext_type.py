"""A pandas extension dtype whose values are csp edges: ``TsDtype`` and ``TsArray``.

``pd.Series([bid, ask], index=["bid", "ask"], dtype=TsDtype(float))`` holds
time series next to ordinary columns of a pandas frame. Missing values are
NaN. Arithmetic, comparisons and unary operators apply element by element and
give new edges (``series * 2``, ``series > 1.0``); reductions (``sum``,
``mean``, ``max``, ...) give one edge that ticks whenever an element ticks,
once every element is valid. ``astype(TsDtype(int))`` casts every edge.
The string form is ``"ts[float]"`` (``pd.Series(..., dtype="ts[float]")``).
"""

import operator
import re
from datetime import date, datetime, time, timedelta
from pydoc import locate
from typing import Any, List, Optional

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray, ExtensionDtype, register_extension_dtype, take
from pandas.api.indexers import check_array_indexer
from pandas.api.types import is_integer, is_list_like

import csp
from csp import ts
from csp.impl.wiring.edge import Edge

__all__ = ["TsArray", "TsDtype", "is_csp_type"]

_NAMED_TYPES = {t.__name__: t for t in (float, int, bool, str, bytes, object, date, datetime, time, timedelta)}


def _is_na(value) -> bool:
    if isinstance(value, Edge):
        return False
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value))


@register_extension_dtype
class TsDtype(ExtensionDtype):
    """The dtype of a pandas array of ``ts[subtype]`` edges."""

    _metadata = ("subtype",)
    _match = re.compile(r"^ts\[(?P<subtype>.+)\]$")
    kind = "O"
    na_value = np.nan
    type = Edge

    def __init__(self, subtype=None):
        self._subtype = subtype

    @property
    def subtype(self):
        """The value type of the edges (``float`` for ``TsDtype(float)``)."""
        return self._subtype

    @property
    def tstype(self):
        """``ts[subtype]``."""
        return ts[self._subtype if self._subtype is not None else object]

    @property
    def name(self) -> str:
        subtype = self._subtype if self._subtype is not None else object
        return f"ts[{getattr(subtype, '__name__', str(subtype))}]"

    def __repr__(self) -> str:
        return self.name

    @classmethod
    def construct_array_type(cls):
        return TsArray

    @classmethod
    def construct_from_string(cls, string: str) -> "TsDtype":
        if not isinstance(string, str):
            raise TypeError(f"'construct_from_string' expects a string, got {type(string)}")
        match = cls._match.match(string)
        if match is None:
            raise TypeError(f"Cannot construct a 'TsDtype' from '{string}'")
        name = match.group("subtype")
        subtype = _NAMED_TYPES.get(name) or locate(name)
        if subtype is None:
            raise TypeError(f"Cannot construct a 'TsDtype' from '{string}': unknown type {name!r}")
        return cls(subtype)

    def _get_common_dtype(self, dtypes) -> Optional["TsDtype"]:
        if all(isinstance(d, TsDtype) for d in dtypes):
            subtypes = {d.subtype for d in dtypes}
            return self if len(subtypes) == 1 else TsDtype(object)
        return None


def is_csp_type(arr_or_dtype) -> bool:
    """Whether a dtype, array or Series holds csp edges (a ``TsDtype``)."""
    dtype = getattr(arr_or_dtype, "dtype", arr_or_dtype)
    if isinstance(dtype, str):
        try:
            dtype = TsDtype.construct_from_string(dtype)
        except TypeError:
            return False
    return isinstance(dtype, TsDtype)


def _edge_type(edge: Edge):
    return edge.tstype.typ


class TsArray(ExtensionArray):
    """A pandas extension array of csp edges (NaN where missing); its dtype is a ``TsDtype``."""

    _readonly = False

    def __init__(self, values, dtype=None, copy=False):
        if isinstance(values, TsArray):
            dtype = dtype or values.dtype
            values = values._data
        if isinstance(values, np.ndarray) and values.dtype == object and values.ndim == 1 and not copy \
                and all(isinstance(v, Edge) or v is np.nan for v in values):
            data = values  # a view: slices of an array share its elements
        else:
            data = np.empty(len(values), dtype=object)
            for index, value in enumerate(values):
                data[index] = value if isinstance(value, Edge) else np.nan
        if isinstance(dtype, str):
            dtype = TsDtype.construct_from_string(dtype)
        if dtype is None:
            first = next((v for v in data if isinstance(v, Edge)), None)
            dtype = TsDtype(_edge_type(first) if first is not None else object)
        elif not isinstance(dtype, TsDtype):
            raise TypeError(f"TsArray needs a TsDtype, got {dtype!r}")
        _check_types(data, dtype)
        self._data = data
        self._dtype = dtype

    # ---- construction

    @classmethod
    def _from_sequence(cls, scalars, *, dtype=None, copy=False):
        return cls(list(scalars) if not isinstance(scalars, (TsArray, np.ndarray)) else scalars, dtype=dtype)

    @classmethod
    def _from_factorized(cls, values, original):
        return cls(values, dtype=original.dtype)

    @classmethod
    def _concat_same_type(cls, to_concat):
        dtype = to_concat[0].dtype if to_concat else None
        if any(array.dtype != dtype for array in to_concat):
            dtype = TsDtype(object)
        return cls(np.concatenate([array._data for array in to_concat]) if to_concat else [], dtype=dtype)

    # ---- the array protocol

    @property
    def dtype(self) -> TsDtype:
        return self._dtype

    @property
    def nbytes(self) -> int:
        return self._data.nbytes

    def __len__(self) -> int:
        return len(self._data)

    def __getitem__(self, item):
        if is_integer(item):
            return self._data[item]
        item = check_array_indexer(self, item) if is_list_like(item) else item
        result = type(self)(self._data[item], dtype=self._dtype)
        result._readonly = self._readonly and isinstance(item, slice)
        return result

    def __setitem__(self, key, value):
        if self._readonly:
            raise ValueError("Cannot modify read-only array")
        if is_integer(key) and is_list_like(value) and not isinstance(value, Edge):
            raise ValueError(f"cannot set the element {key} of a TsArray to a sequence")
        key = check_array_indexer(self, key) if is_list_like(key) and not isinstance(key, tuple) else key
        if isinstance(value, TsArray):
            value = value._data
        elif is_list_like(value) and not isinstance(value, Edge):
            value = np.array([v if isinstance(v, Edge) else np.nan for v in value], dtype=object)
        elif _is_na(value):
            value = np.nan
        elif not isinstance(value, Edge):
            raise TypeError(f"a TsArray holds csp edges; cannot set {value!r}")
        check = np.empty(1, dtype=object)
        for item in (value if isinstance(value, np.ndarray) else [value]):
            check[0] = item
            _check_types(check, self._dtype)
        self._data[key] = value

    def __iter__(self):
        return iter(self._data)

    def __array__(self, dtype=None, copy=None):
        if dtype is not None and np.dtype(dtype) != object:
            return self._data.astype(dtype)
        return self._data.copy() if copy else self._shared_data()

    def _shared_data(self) -> np.ndarray:
        """The object array itself, read-only when the array is."""
        if not self._readonly:
            return self._data
        view = self._data.view()
        view.flags.writeable = False
        return view

    def isna(self) -> np.ndarray:
        return np.array([not isinstance(v, Edge) for v in self._data], dtype=bool)

    def take(self, indices, allow_fill=False, fill_value=None):
        if allow_fill and fill_value is not None and not _is_na(fill_value) and not isinstance(fill_value, Edge):
            raise TypeError(f"a TsArray holds csp edges; cannot fill with {fill_value!r}")
        result = take(self._data, indices, allow_fill=allow_fill,
                      fill_value=np.nan if fill_value is None or _is_na(fill_value) else fill_value)
        return type(self)(result, dtype=self._dtype)

    def copy(self):
        return type(self)(self._data.copy(), dtype=self._dtype)

    def astype(self, dtype, copy=True):
        dtype = pd.api.types.pandas_dtype(dtype)
        if isinstance(dtype, TsDtype):
            if dtype == self._dtype:
                return self.copy() if copy else self
            return type(self)([_cast(v, dtype.subtype) if isinstance(v, Edge) else v for v in self._data], dtype=dtype)
        if dtype == np.dtype(object):
            return self._data.copy() if copy else self._data
        return super().astype(dtype, copy=copy)

    def to_numpy(self, dtype=None, copy=False, na_value=None):
        result = self._data.copy() if copy or na_value is not None else self._shared_data()
        if na_value is not None:
            result[self.isna()] = na_value
        return result if dtype is None else result.astype(dtype)

    def _values_for_factorize(self):
        return self._data.copy(), np.nan

    def _formatter(self, boxed: bool = False):
        return _format_value

    # ---- operators: element by element, NaN where either side is missing

    def _elementwise(self, other, op, dtype=None):
        if isinstance(other, (pd.Series, pd.Index, pd.DataFrame)):
            return NotImplemented
        if isinstance(other, TsArray) or (is_list_like(other) and not isinstance(other, Edge)):
            others = list(other)
            if len(others) != len(self):
                raise ValueError(f"operands have lengths {len(self)} and {len(others)}")
        else:
            others = [other] * len(self)
        values = [np.nan if _is_na(a) or _is_na(b) else op(a, b) for a, b in zip(self._data, others)]
        if not all(isinstance(v, Edge) or v is np.nan for v in values):
            return np.array(values)  # an operator that gave values, not edges
        return type(self)(values, dtype=dtype)

    def _unary(self, op):
        return type(self)([op(v) if isinstance(v, Edge) else np.nan for v in self._data])

    def __neg__(self):
        return self._unary(operator.neg)

    def __pos__(self):
        return self._unary(operator.pos)

    def __abs__(self):
        return self._unary(operator.abs)

    def __invert__(self):
        return self._unary(operator.invert)

    # ---- reductions: one edge over every element

    def _reduce(self, name, *, skipna=True, keepdims=False, **kwargs):
        func, kind = _REDUCTIONS.get(name, (None, None))
        if func is None:
            raise TypeError(f"'{type(self).__name__}' with dtype {self.dtype} does not support reduction '{name}'")
        edges = [v for v in self._data if isinstance(v, Edge)]
        if not skipna and len(edges) < len(self._data):
            return np.nan
        if not edges:
            return np.nan
        result = _reduce_node(edges, func, kind, self._dtype.subtype)
        return type(self)([result]) if keepdims else result


def _make_op(op, dtype=None):
    def method(self, other):
        return self._elementwise(other, op, dtype)

    return method


for _name, _op in [("add", operator.add), ("sub", operator.sub), ("mul", operator.mul),
                   ("truediv", operator.truediv), ("floordiv", operator.floordiv), ("mod", operator.mod),
                   ("pow", operator.pow)]:
    setattr(TsArray, f"__{_name}__", _make_op(_op))
    setattr(TsArray, f"__r{_name}__", _make_op(lambda a, b, _op=_op: _op(b, a)))
for _name in ("eq", "ne", "lt", "le", "gt", "ge"):
    setattr(TsArray, f"__{_name}__", _make_op(getattr(operator, _name), TsDtype(bool)))
for _name, _op in [("and", operator.and_), ("or", operator.or_), ("xor", operator.xor)]:
    setattr(TsArray, f"__{_name}__", _make_op(_op, TsDtype(bool)))
TsArray.__hash__ = None


def _format_value(value) -> str:
    if not isinstance(value, Edge):
        return "NaN"
    name = getattr(value.node, "name", "?")
    return f"<csp.{name}>" if name in ("curve", "const", "timer") else f"<{name}>"


def _check_types(data: np.ndarray, dtype: TsDtype) -> None:
    if dtype.subtype in (None, object):
        return
    for value in data:
        if isinstance(value, Edge) and not _assignable(_edge_type(value), dtype.subtype):
            raise ValueError(f"TsArray of {dtype}: an element is an edge of ts[{_type_name(_edge_type(value))}]")


def _assignable(typ, subtype) -> bool:
    return typ is subtype or (isinstance(typ, type) and isinstance(subtype, type) and issubclass(typ, subtype))


def _type_name(typ) -> str:
    return getattr(typ, "__name__", str(typ))


# ---- the nodes behind astype and the reductions

@csp.node
def _cast(x: ts[object], typ: "T") -> ts["T"]:
    if csp.ticked(x):
        return typ(x)


@csp.node
def _reduce_same(x: List[ts["T"]], typ: "T", func: object) -> ts["T"]:
    if csp.ticked(x) and csp.valid(x):
        return typ(func(list(x.validvalues())))


@csp.node
def _reduce_float(x: List[ts[object]], func: object) -> ts[float]:
    if csp.ticked(x) and csp.valid(x):
        return float(func(list(x.validvalues())))


@csp.node
def _reduce_bool(x: List[ts[object]], func: object) -> ts[bool]:
    if csp.ticked(x) and csp.valid(x):
        return bool(func(list(x.validvalues())))


def _reduce_node(edges: List[Edge], func, kind: str, subtype) -> Edge:
    if kind == "same" and subtype not in (None, object):
        return _reduce_same(edges, subtype, func)
    if kind == "bool":
        return _reduce_bool(edges, func)
    return _reduce_float(edges, func) if kind == "float" else _reduce_same(edges, object, func)


def _std(values, ddof=1):
    return np.std(values, ddof=ddof) if len(values) > ddof else np.nan


_REDUCTIONS = {
    "sum": (sum, "same"), "prod": (lambda v: np.prod(v).item(), "same"), "min": (min, "same"), "max": (max, "same"),
    "mean": (np.mean, "float"), "median": (np.median, "float"), "std": (_std, "float"),
    "var": (lambda v: _std(v) ** 2, "float"), "any": (any, "bool"), "all": (all, "bool"),
}
