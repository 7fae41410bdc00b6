"""csp.DataFrame and csp.impl.pandas.make_pandas."""

from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest

import csp
from csp.impl.pandas import make_pandas

START = datetime(2022, 1, 1)


def at(seconds):
    return START + timedelta(seconds=seconds)


def edges():
    a = csp.curve(float, [(at(0), 1.0), (at(1), 2.0), (at(3), 3.0)])
    b = csp.curve(int, [(at(1), 10), (at(2), 20)])
    return a, b


def test_columns_access_and_assignment():
    a, b = edges()
    df = csp.DataFrame({"a": a, "b": b})
    assert df.columns == ["a", "b"] and df["a"] is a and df.b is b
    assert df[["b"]].columns == ["b"]
    df["c"] = a * 2
    df[["d", "e"]] = [b, 7]
    assert df.columns == ["a", "b", "c", "d", "e"]
    with pytest.raises(KeyError, match="Unrecognized column: 'zz'"):
        df["zz"]
    with pytest.raises(AttributeError):
        df.zz
    assert repr(df[["a", "b"]]) == "csp.DataFrame( a = ts[float], b = ts[int] )"


def test_to_pandas_joins_the_columns_on_their_tick_times():
    a, b = edges()
    frame = csp.DataFrame({"a": a, "b": b, "k": "x"}).to_pandas(at(0), at(5))
    assert list(frame.index) == [at(0), at(1), at(2), at(3)]
    assert frame.index.dtype == "datetime64[us]"
    np.testing.assert_array_equal(frame["a"].to_numpy(), [1.0, 2.0, np.nan, 3.0])
    np.testing.assert_array_equal(frame["b"].to_numpy(), [np.nan, 10, 20, np.nan])
    assert list(frame["k"]) == ["x"] * 4
    assert csp.DataFrame({"b": b}).to_pandas(at(0), at(5))["b"].dtype == np.int64


def test_to_pandas_of_object_and_time_columns():
    s = csp.curve(str, [(at(1), "p"), (at(2), "q")])
    t = csp.curve(datetime, [(at(1), at(9))])
    frame = csp.DataFrame({"s": s, "t": t}).to_pandas(at(0), at(5))
    assert list(frame["s"]) == ["p", "q"]
    assert frame["t"].iloc[0] == pd.Timestamp(at(9)) and frame["t"].dtype == "datetime64[us]"


def test_arithmetic_comparisons_and_filtering():
    a, b = edges()
    df = csp.DataFrame({"a": a, "b": b})
    np.testing.assert_array_equal((df * 2 + 1).to_pandas(at(0), at(5))["a"].to_numpy(), [3.0, 5.0, np.nan, 7.0])
    np.testing.assert_array_equal((df - df).to_pandas(at(0), at(5))["b"].to_numpy(), [np.nan, 0, 0, np.nan])
    assert list((df > 2).to_pandas(at(0), at(5))["a"]) == [False, False, np.nan, True]
    filtered = df[df["a"] > 1.5].to_pandas(at(0), at(5))
    assert list(filtered.index) == [at(1), at(2), at(3)]
    with pytest.raises(ValueError, match="missing column b"):
        df + csp.DataFrame({"a": a})


def test_to_pandas_ts_and_make_pandas_windows():
    def graph(**kwargs):
        a, b = edges()
        return make_pandas(csp.timer(timedelta(seconds=2)), {"a": a, "b": b}, **kwargs)

    by_time = csp.run(graph, window=timedelta(seconds=1), starttime=START, endtime=at(4))[0]
    assert [t for t, _ in by_time] == [at(2), at(4)]
    assert list(by_time[0][1].index) == [at(1), at(2)] and list(by_time[1][1].index) == [at(3)]
    by_count = csp.run(graph, window=1, wait_all_valid=False, starttime=START, endtime=at(2))[0]
    assert by_count[0][1]["a"].dropna().tolist() == [2.0] and by_count[0][1]["b"].dropna().tolist() == [20]
    waiting = csp.run(graph, window=5, starttime=START, endtime=at(2))[0][0][1]
    assert at(0) not in waiting.index  # ticks before every column was valid are not recorded
    with pytest.raises(ValueError, match="window must be positive"):
        csp.run(graph, window=0, starttime=START, endtime=at(2))


def test_make_pandas_with_a_time_index():
    def graph():
        a, b = edges()
        return csp.DataFrame({"a": a, "b": b}).to_pandas_ts(csp.timer(timedelta(seconds=4)), 2, tindex=csp.count(a),
                                                            wait_all_valid=False)

    frame = csp.run(graph, starttime=START, endtime=at(4))[0][0][1]
    assert list(frame.index) == [at(1), at(3)]
    assert frame["b"].tolist() == [10, 20]


def test_realtime_to_pandas():
    start = datetime.utcnow()
    frame = csp.DataFrame({"n": csp.count(csp.timer(timedelta(milliseconds=20)))}).to_pandas(
        start, start + timedelta(milliseconds=200), realtime=True)
    assert 3 <= len(frame) <= 11 and frame["n"].tolist() == list(range(1, len(frame) + 1))


def test_to_pandas_ts_in_a_realtime_graph():
    def graph():
        n = csp.count(csp.timer(timedelta(milliseconds=10)))
        return csp.DataFrame({"n": n}).to_pandas_ts(csp.timer(timedelta(milliseconds=50)), 3)

    frames = csp.run(graph, starttime=datetime.utcnow(), endtime=timedelta(milliseconds=180), realtime=True)[0]
    assert 2 <= len(frames) <= 4
    for _, frame in frames:
        values = frame["n"].tolist()
        assert len(values) == 3 and values == list(range(values[0], values[0] + 3))


def test_the_facade_names_the_module_and_the_class():
    import csp.dataframe

    assert csp.DataFrame is csp.dataframe.DataFrame
    with pytest.raises(AttributeError, match="no attribute 'DataFrames'"):
        csp.DataFrames


def test_show_graph_is_drawn():
    pytest.importorskip("graphviz")
    a, b = edges()
    digraph = csp.DataFrame({"a": a, "b": b}).show_graph()
    assert "curve" in digraph.source
