"""csp.distributed.run_many on a real LocalCluster: shards by argument and by time, against serial csp.run."""

import dataclasses
from datetime import timedelta

import numpy as np
import pytest

import csp
import csp.distributed as cd
from shard_graphs import EPOCH, Fill, Side, failing_graph, stats_graph

HOUR = timedelta(hours=1)


def same_value(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and np.array_equal(a, b)
    if isinstance(a, Fill):
        return (a.price, a.qty, a.side) == (b.price, b.qty, b.side) and same_value(a.marks, b.marks)
    return a == b


def assert_same_outputs(got: dict, expected: dict, approx=()) -> None:
    assert set(got) == set(expected)
    for name, ticks in expected.items():
        assert len(got[name]) == len(ticks), name
        assert [t for t, _ in got[name]] == [t for t, _ in ticks], name
        if name in approx:
            assert [v for _, v in got[name]] == pytest.approx([v for _, v in ticks], rel=1e-9, abs=1e-9), name
        else:
            mismatches = [(t, v, w) for (t, v), (_, w) in zip(got[name], ticks) if not same_value(v, w)]
            assert not mismatches, f"{name}: {mismatches[:3]}"


def test_argument_shards_equal_serial_runs(client):
    sweep = {(scale, window): {"scale": scale, "window": window} for scale in (0.5, 2.0) for window in (5, 30)}
    results = cd.run_many(stats_graph, sweep, client=client, starttime=EPOCH, endtime=timedelta(minutes=10),
                          timeout=120)
    assert results.complete and list(results) == list(sweep)
    for key, kwargs in sweep.items():
        serial = csp.run(stats_graph, starttime=EPOCH, endtime=timedelta(minutes=10), **kwargs)
        assert_same_outputs(results[key], serial)
        fill = results[key]["fill"][-1][1]
        assert type(fill) is Fill and isinstance(fill.side, Side) and isinstance(fill.marks, np.ndarray)


def test_time_shards_with_warmup_equal_one_long_run(client):
    shards = cd.time_shards(EPOCH, 2 * HOUR, timedelta(minutes=17), warmup=timedelta(minutes=1), kwargs={"scale": 1.5})
    results = cd.run_many(stats_graph, shards, client=client, timeout=120)
    long_run = csp.run(stats_graph, 1.5, starttime=EPOCH, endtime=2 * HOUR)
    # stddev keeps running sums whose rounding depends on the whole history: equal up to rounding only
    assert_same_outputs(results.merge(), long_run, approx=("stddev",))
    first, second = list(results)[:2]
    assert results[second]["price"][0][0] == second  # the warm-up's ticks are not in the shard's results
    assert results[first]["price"][-1][0] < second <= results[second]["price"][0][0]


def test_time_shards_without_enough_warmup_differ_at_the_joins(client):
    shards = cd.time_shards(EPOCH, HOUR, timedelta(minutes=20), warmup=timedelta(seconds=5))
    merged = cd.run_many(stats_graph, shards, client=client, timeout=120).merge()
    long_run = csp.run(stats_graph, starttime=EPOCH, endtime=HOUR)
    assert merged["price"] == long_run["price"]  # stateless: the same
    # a 20 s window after a 5 s warm-up: the mean only ticks again 15 s after each join
    join = EPOCH + timedelta(minutes=20)
    assert join in [t for t, _ in long_run["mean"]] and join not in [t for t, _ in merged["mean"]]
    assert len(merged["mean"]) == len(long_run["mean"]) - 2 * 15


def test_numpy_outputs_are_trimmed_and_merged(client):
    shards = cd.time_shards(EPOCH, HOUR, timedelta(minutes=15), warmup=timedelta(minutes=1))
    merged = cd.run_many(stats_graph, shards, client=client, output_numpy=True, timeout=120).merge()
    long_run = csp.run(stats_graph, starttime=EPOCH, endtime=HOUR, output_numpy=True)
    for name in ("price", "mean", "ema"):
        assert np.array_equal(merged[name][0], long_run[name][0]) and np.array_equal(merged[name][1], long_run[name][1])


def test_merge_of_argument_shards_orders_by_time_and_can_keep_shards_apart(client):
    results = cd.run_many(stats_graph, {s: {"scale": s} for s in (1.0, 3.0)}, client=client, starttime=EPOCH,
                          endtime=timedelta(seconds=20), timeout=120)
    merged = results.merge()["price"]
    assert len(merged) == 40 and [t for t, _ in merged] == sorted(t for t, _ in merged)
    assert merged[0][1] * 3 == merged[1][1]  # at one time, the shards in shard order
    apart = results.merge(key=lambda shard, output: (shard, output))
    assert apart[(3.0, "price")] == results[3.0]["price"]


def third_price() -> float:
    return csp.run(failing_graph, starttime=EPOCH, endtime=timedelta(seconds=3))["price"][-1][1]


def test_a_failure_names_the_node_and_the_shard_and_is_not_merged(client, tmp_path):
    marker = tmp_path / "fail"
    marker.touch()
    at = third_price()
    shards = {"ok": {}, "bad": {"at": at, "marker": str(marker)}}
    with pytest.raises(cd.IncompleteResultsError, match=r"shard 'bad' failed in node 'fail_at': ValueError") as info:
        cd.run_many(failing_graph, shards, client=client, starttime=EPOCH, endtime=timedelta(seconds=10),
                    timeout=120)
    results = info.value.results
    error = results.failed["bad"]
    assert (error.shard, error.node, error.error_type) == ("bad", "fail_at", "ValueError")
    assert isinstance(error.error, ValueError) and f"cannot price {at}" in str(error.error)
    assert "fail_at" in error.remote_traceback
    assert not results.complete and list(results.completed) == ["ok"]
    with pytest.raises(cd.ShardError):
        results["bad"]
    with pytest.raises(cd.IncompleteResultsError):
        results.merge()
    assert len(results.merge(allow_partial=True)["price"]) == 10

    marker.unlink()  # the cause is gone: the failed shard alone runs again
    assert results.retry(client=client, timeout=120) is results
    assert results.complete and results["bad"] == results["ok"]
    assert results.merge()["price"] == sorted(results["ok"]["price"] * 2, key=lambda tick: tick[0])


def test_failures_can_be_collected_instead_of_raised(client):
    results = cd.run_many(failing_graph, {"bad": {"at": third_price()}, "good": {}}, client=client, raise_errors=False,
                          starttime=EPOCH, endtime=timedelta(seconds=5), timeout=120)
    assert list(results.failed) == ["bad"] and "good" in results.completed


def test_dask_retries_rerun_a_shard_that_failed(client, tmp_path):
    once = tmp_path / "attempted"
    results = cd.run_many(failing_graph, {"flaky": {"once": str(once)}}, client=client, retries=1,
                          starttime=EPOCH, endtime=timedelta(seconds=5), timeout=120)
    assert once.exists() and len(results["flaky"]["price"]) == 5
    once.unlink()
    with pytest.raises(cd.IncompleteResultsError, match="first attempt fails"):
        cd.run_many(failing_graph, {"flaky": {"once": str(once)}}, client=client, retries=0,
                    starttime=EPOCH, endtime=timedelta(seconds=5), timeout=120)


def test_the_current_client_or_a_scheduler_address_is_used(client, cluster):
    with client.as_current():
        results = cd.run_many(stats_graph, {"a": {}}, starttime=EPOCH, endtime=timedelta(seconds=5), timeout=120)
    assert len(results["a"]["price"]) == 5
    results = cd.run_many(stats_graph, {"b": {}}, client=cluster.scheduler_address, starttime=EPOCH,
                          endtime=timedelta(seconds=5), timeout=120)
    assert len(results["b"]["price"]) == 5


def test_progress_bar_across_shards(client, capsys):
    cd.run_many(stats_graph, cd.time_shards(EPOCH, HOUR, timedelta(minutes=10)), client=client, progress=True,
                timeout=120)
    assert "100%" in capsys.readouterr().out


def test_wrong_shards_are_refused_before_anything_runs(client):
    with pytest.raises(ValueError, match="no starttime"):
        cd.run_many(stats_graph, {"a": {}}, client=client)
    with pytest.raises(ValueError, match="distinct"):
        cd.run_many(stats_graph, [cd.Shard("a"), cd.Shard("a")], client=client, starttime=EPOCH)
    with pytest.raises(ValueError, match="realtime"):
        cd.run_many(stats_graph, {"a": {}}, client=client, starttime=EPOCH, realtime=True)


def test_time_shards_of_several_argument_sets(client):
    shards = [dataclasses.replace(day, key=(scale, day.key)) for scale in (1.0, 4.0)
              for day in cd.time_shards(EPOCH, HOUR, timedelta(minutes=20), timedelta(minutes=1),
                                        kwargs={"scale": scale})]
    merged = cd.run_many(stats_graph, shards, client=client, timeout=120).merge(
        key=lambda shard, output: (shard[0], output))
    for scale in (1.0, 4.0):
        long_run = csp.run(stats_graph, scale, starttime=EPOCH, endtime=HOUR)
        assert merged[(scale, "median")] == long_run["median"] and merged[(scale, "ema")] == long_run["ema"]
