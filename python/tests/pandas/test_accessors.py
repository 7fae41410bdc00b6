"""TsDtype operators and the series.csp / frame.csp / to_csp accessors."""

from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest

import csp
import csp.impl.pandas_accessor  # noqa: F401 - registers the accessors
from csp.impl.pandas_ext_type import TsArray, TsDtype, is_csp_type

START = datetime(2022, 1, 1)
END = START + timedelta(seconds=5)


def at(seconds):
    return START + timedelta(seconds=seconds)


def series():
    x = csp.curve(float, [(at(0), 1.0), (at(1), 2.0), (at(3), 3.0)])
    y = csp.curve(float, [(at(1), 10.0), (at(2), 20.0)])
    return pd.Series([x, y], index=["x", "y"], dtype=TsDtype(float))


def ticks(result, label):
    return [(t.to_pydatetime(), v) for t, v in result.loc[label].items()]


def test_dtype_names_and_parsing():
    s = series()
    assert str(s.dtype) == "ts[float]" and s.dtype.subtype is float and s.dtype == "ts[float]"
    assert pd.api.types.pandas_dtype("ts[int]") == TsDtype(int)
    assert is_csp_type(s) and is_csp_type("ts[str]") and not is_csp_type(pd.Series([1.0]))
    with pytest.raises(ValueError, match=r"ts\[int\]: an element is an edge of ts\[float\]"):
        pd.Series(list(series()), dtype=TsDtype(int))
    assert pd.Series([csp.const(1.0), None], dtype="ts[float]").isna().tolist() == [False, True]


def test_run_gives_ticks_indexed_by_element_and_time():
    result = series().csp.run(START, END)
    assert ticks(result, "x") == [(at(0), 1.0), (at(1), 2.0), (at(3), 3.0)]
    assert ticks(result, "y") == [(at(1), 10.0), (at(2), 20.0)]
    assert series().csp.run(START, END, snap=True).to_dict() == {"x": 3.0, "y": 20.0}
    assert ticks(series().csp.run(START, END, tick_count=1), "x") == [(at(3), 3.0)]
    recent = series().csp.run(START, END, tick_history=timedelta(seconds=1))
    assert ticks(recent, "x") == [(at(3), 3.0)] and ticks(recent, "y") == [(at(1), 10.0), (at(2), 20.0)]
    assert result.index.get_level_values(-1).dtype == "datetime64[ns]" and result.dtype == np.float64


def test_operators_and_reductions_build_edges():
    s = series()
    assert ticks((s * 2 + 1).csp.run(START, END), "y") == [(at(1), 21.0), (at(2), 41.0)]
    assert ticks((-s).csp.run(START, END), "x")[0] == (at(0), -1.0)
    above = s > 1.5
    assert above.dtype == TsDtype(bool) and [v for _, v in ticks(above.csp.run(START, END), "x")] == [False, True, True]
    total = pd.Series([s.sum()], dtype=TsDtype(float)).csp.run(START, END)
    assert [v for _, v in ticks(total, 0)] == [12.0, 22.0, 23.0]
    assert csp.run(lambda: s.max(), starttime=START, endtime=END)[0][-1] == (at(3), 20.0)
    assert csp.run(lambda: s.mean(), starttime=START, endtime=END)[0][0] == (at(1), 6.0)
    cast = s.astype(TsDtype(int))
    assert cast.dtype == TsDtype(int) and [v for _, v in ticks(cast.csp.run(START, END), "x")] == [1, 2, 3]


def test_sample_apply_pipe_binop_valid():
    s = series()
    assert ticks(s.csp.sample(timedelta(seconds=2)).csp.run(START, END), "y") == [(at(2), 20.0), (at(4), 20.0)]
    assert ticks(s.csp.apply(lambda v, k: v * k, 3).csp.run(START, END), "y")[0] == (at(1), 30.0)
    delayed = s.csp.pipe(csp.delay, timedelta(seconds=1)).csp.run(START, END)
    assert ticks(delayed, "x")[0] == (at(1), 1.0)
    summed = s.csp.binop(csp.add, s).csp.run(START, END)
    assert ticks(summed, "y") == [(at(1), 20.0), (at(2), 40.0)]
    assert csp.run(lambda: s.csp.valid(), starttime=START, endtime=END)[0] == [(at(1), True)]


def test_synchronize_outputs_ticks_within_the_threshold_together():
    x = csp.curve(float, [(at(0), 1.0), (at(1), 2.0), (at(1.5), 2.5)])
    y = csp.curve(float, [(at(0.5), 10.0), (at(3), 30.0)])
    synced = pd.Series([x, y], index=["x", "y"], dtype=TsDtype(float)).csp.synchronize(timedelta(seconds=1))
    result = synced.csp.run(START, END)
    assert ticks(result, "x") == [(at(0.5), 1.0), (at(2), 2.5)]
    assert ticks(result, "y") == [(at(0.5), 10.0), (at(4), 30.0)]


class Quote(csp.Struct):
    bid: float
    ask: float


class Book(csp.Struct):
    top: Quote
    n: int


def test_flatten_struct_edges():
    book = csp.curve(Book, [(at(1), Book(top=Quote(bid=1.0, ask=2.0), n=3))])
    flat = pd.Series([book], index=["b"], name="bk", dtype=TsDtype(Book)).csp.flatten()
    assert list(flat.columns) == ["bk top bid", "bk top ask", "bk n"]
    assert flat.csp.run(START, END).iloc[0].tolist() == [1.0, 2.0, 3]


def test_frame_run_snap_sample_collect():
    frame = pd.DataFrame({"px": series(), "size": [1, 2]})
    assert list(frame.csp.ts_frame().columns) == ["px"] and list(frame.csp.static_frame().columns) == ["size"]
    result = frame.csp.run(START, END)
    assert result.loc["y"]["px"].tolist() == [10.0, 20.0] and result.loc["y"]["size"].tolist() == [2, 2]
    assert frame.csp.sample(timedelta(seconds=2)).csp.run(START, END).loc["x"]["px"].tolist() == [2.0, 3.0]
    collected = frame.csp.collect()
    last = csp.run(lambda: collected["x"], starttime=START, endtime=END)[0][-1][1]
    assert last.px == 3.0
    now = datetime.utcnow()
    live = pd.DataFrame({"n": pd.Series([csp.const(5), csp.const(6)], dtype=TsDtype(int)), "k": ["a", "b"]})
    snapped = live.csp.snap(timeout=timedelta(seconds=5), starttime=now)
    assert snapped["n"].tolist() == [5, 6] and snapped["k"].tolist() == ["a", "b"]


def test_series_to_csp_keeps_the_last_value_per_time():
    index = pd.DatetimeIndex([at(0), at(1), at(1), at(3)])
    data = pd.Series([1.0, 2.0, np.nan, 4.0], index=index)
    kept = csp.run(lambda: data.to_csp(), starttime=START, endtime=END)[0]
    assert [t for t, _ in kept] == [at(0), at(1), at(3)] and np.isnan(kept[1][1])
    dropped = csp.run(lambda: data.to_csp(drop_na=True), starttime=START, endtime=END)[0]
    assert [v for _, v in dropped] == [1.0, 2.0, 4.0]
    with pytest.raises(TypeError, match="DatetimeIndex"):
        pd.Series([1.0]).to_csp()


def test_frame_to_csp_by_symbol():
    index = pd.DatetimeIndex([at(0), at(1), at(1), at(3)])
    data = pd.DataFrame({"sym": ["A", "B", "A", "B"], "px": [1.0, 2.0, 3.0, 4.0], "q": [1, 2, 3, 4]}, index=index)
    flat = data.to_csp(columns=["px", "q"])
    assert flat["sym"] == "B" and flat["q"].tstype.typ is int
    by_sym = data.rename_axis("t").set_index("sym", append=True).reorder_levels(["sym", "t"]).to_csp(columns=["px"])
    assert list(by_sym.index) == ["A", "B"] and str(by_sym["px"].dtype) == "ts[float]"
    assert by_sym["q"].tolist() == [3, 4]
    result = by_sym.csp.run(START, END)
    assert result.loc["A"]["px"].tolist() == [1.0, 3.0] and result.loc["B"]["q"].tolist() == [4, 4]
