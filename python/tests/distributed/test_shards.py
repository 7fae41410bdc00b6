"""Shards and their windows (no cluster needed)."""

from datetime import datetime, timedelta

import pytest

import csp.distributed as cd

START = datetime(2024, 1, 1)
DAY = timedelta(days=1)


def test_time_shards_cover_the_range_once_with_a_warmup_after_the_first():
    shards = cd.time_shards(START, datetime(2024, 1, 3, 12), DAY, warmup=timedelta(hours=2), kwargs={"s": 1})
    assert [s.key for s in shards] == [START, START + DAY, START + 2 * DAY]
    assert [(s.starttime, s.endtime) for s in shards] == [(START, START + DAY), (START + DAY, START + 2 * DAY),
                                                          (START + 2 * DAY, datetime(2024, 1, 3, 12))]
    assert [s.warmup for s in shards] == [timedelta(0), timedelta(hours=2), timedelta(hours=2)]
    assert [s.include_end for s in shards] == [False, False, True]
    assert all(s.kwargs == {"s": 1} for s in shards)
    assert shards[1].window().run_start == START + DAY - timedelta(hours=2)
    assert len(cd.time_shards(START, 2 * DAY, DAY)) == 2 and len(cd.time_shards(START, START, DAY)) == 1


def test_a_window_keeps_its_own_ticks_only():
    window = cd.Shard("k", starttime=START + DAY, endtime=START + 2 * DAY, warmup=DAY, include_end=False).window()
    ticks = [(START + timedelta(hours=h), h) for h in range(0, 49, 6)]
    assert [v for _, v in window.trim({"o": ticks})["o"]] == [24, 30, 36, 42]
    closed = cd.Shard("k", starttime=START + DAY, endtime=START + 2 * DAY, warmup=DAY).window()
    assert [v for _, v in closed.trim({"o": ticks})["o"]] == [24, 30, 36, 42, 48]


def test_a_shard_takes_the_run_times_it_leaves_unset():
    window = cd.Shard("k").window(START, timedelta(hours=5))
    assert (window.run_start, window.end) == (START, START + timedelta(hours=5))
    window = cd.Shard("k", starttime=START + DAY).window(START, timedelta(hours=5))  # relative to its own start
    assert window.end == START + DAY + timedelta(hours=5)


def test_wrong_time_ranges_are_refused():
    with pytest.raises(ValueError, match="period must be positive"):
        cd.time_shards(START, DAY, timedelta(0))
    with pytest.raises(ValueError, match="before starttime"):
        cd.time_shards(START, START - DAY, DAY)
    with pytest.raises(ValueError, match="shard 'k': endtime"):
        cd.Shard("k", starttime=START, endtime=START - DAY).window()
    with pytest.raises(ValueError, match="warmup must not be negative"):
        cd.Shard("k", starttime=START, warmup=-DAY).window()


def test_argument_shards_add_the_common_arguments():
    shards = cd.argument_shards({"a": {"x": 1}, "b": {"x": 2, "y": 0}}, y=5)
    assert [(s.key, s.kwargs) for s in shards] == [("a", {"x": 1, "y": 5}), ("b", {"x": 2, "y": 0})]


def test_a_shard_runs_without_the_csp_progress_bar(monkeypatch):
    import inspect

    import csp
    from shard_graphs import stats_graph

    seen = {}

    def run(graph, *args, **kwargs):
        seen.update(kwargs)
        return {"price": [(START, 1.0)]}

    shard = cd.Shard("k", kwargs={"scale": 2.0})
    has_progress = "progress" in inspect.signature(csp.run).parameters
    monkeypatch.setattr(csp, "run", run)
    payload = cd.dumps((stats_graph, shard, shard.window(START, DAY), {}))
    assert cd.loads(cd.run_shard(payload)) == {"price": [(START, 1.0)]}
    assert seen["scale"] == 2.0 and (seen["starttime"], seen["endtime"]) == (START, START + DAY)
    assert seen.get("progress", False) is False and ("progress" in seen) == has_progress
