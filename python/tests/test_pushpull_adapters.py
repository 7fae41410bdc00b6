"""Push-pull adapters written in Python: replay ticks at their own times (in
simulation and in realtime catch-up), then live ticks. Expected orderings are
the reference csp's observed output for the same graphs."""

import threading
import time
from datetime import datetime, timedelta

import pytest

import csp
from csp import ts
from csp.impl.pushpulladapter import PushPullInputAdapter
from csp.impl.wiring import py_pushpull_adapter_def

START = datetime(2020, 1, 1)
SECOND = timedelta(seconds=1)


class Replay(PushPullInputAdapter):
    """Pushes replay ticks at start + offset (after `pause` seconds), then live values, from a thread."""

    thread_errors = []

    def __init__(self, offsets, live, pause, flag):
        self._offsets, self._live, self._pause, self._flag = offsets, live, pause, flag

    def start(self, starttime, endtime):
        self._start = starttime
        self._thread = threading.Thread(target=self._run)
        self._thread.start()

    def _run(self):
        time.sleep(self._pause)
        for offset in self._offsets:
            self.push_tick(False, self._start + timedelta(seconds=offset), offset)
        if self._flag:
            self.flag_replay_complete()
        for value in self._live:
            self.push_tick(True, datetime.utcnow(), value)
        try:
            self.push_tick(False, self._start, -1.0)
        except RuntimeError as error:
            Replay.thread_errors.append(str(error))

    def stop(self):
        self._thread.join()


ReplayAdapter = py_pushpull_adapter_def("ReplayAdapter", Replay, ts[float], offsets=list, live=list, pause=float,
                                        flag=bool)


@pytest.fixture(autouse=True)
def clear_errors():
    Replay.thread_errors.clear()


@csp.node
def seen(x: ts[float], t: ts[int]) -> ts[str]:
    return (f"x{x}" if csp.ticked(x) else "") + ("t" if csp.ticked(t) else "")


def test_replay_ticks_arrive_at_their_times_in_simulation_and_live_ticks_are_dropped():
    def g():
        return seen(ReplayAdapter([-5, -1, 0, 0, 0.5, 1, 1, 1.5], [100.0], 0.05, True), csp.timer(SECOND, 0))

    out = csp.run(g, starttime=START, endtime=timedelta(seconds=2))[0]
    # As the reference: ticks timed before the start come at the start, one cycle per tick
    # (NON_COLLAPSING), the timer shares the cycle of the first tick at 1s.
    assert [((t - START).total_seconds(), v) for t, v in out] == [
        (0, "x-5.0"), (0, "x-1.0"), (0, "x0.0"), (0, "x0.0"), (0.5, "x0.5"), (1, "x1.0t"), (1, "x1.0"),
        (1.5, "x1.5"), (2, "t")]
    assert "after the replay was complete" in Replay.thread_errors[0]


@csp.node
def stop_at(x: ts[float], last: float) -> ts[float]:
    if x == last:
        csp.stop_engine()
    return x


def test_realtime_catches_up_on_a_slow_replay_then_delivers_live_ticks():
    start = datetime.utcnow() - timedelta(seconds=3)

    def g():
        x = stop_at(ReplayAdapter([0.5, 1.0], [10.0, 11.0], 0.2, False), 11.0)  # the first live tick ends the replay
        return {"x": x, "seen": seen(x, csp.timer(timedelta(seconds=0.25), 0))}

    out = csp.run(g, starttime=start, endtime=timedelta(seconds=30), realtime=True)
    x = out["x"]
    assert [v for _, v in x] == [0.5, 1.0, 10.0, 11.0]
    assert all(t - start >= timedelta(seconds=3) for t, _ in x[2:])  # live ticks come at wall-clock times
    # The engine waited for the replay (pushed 0.2s late): catch-up cycles stay in time order.
    caught_up = [((t - start).total_seconds(), v) for t, v in out["seen"] if t - start <= SECOND]
    assert caught_up == [(0.25, "t"), (0.5, "x0.5t"), (0.75, "t"), (1.0, "x1.0t")]


def test_a_replay_tick_before_the_previous_one_fails_the_run_naming_the_adapter():
    with pytest.raises(ValueError, match="out of order") as info:
        csp.run(lambda: ReplayAdapter([1, 0.5], [], 0.0, True), starttime=START, endtime=timedelta(seconds=3))
    assert "adapter 'ReplayAdapter'" in str(info.value)


def test_python_push_pull_adapters_refuse_burst_mode():
    with pytest.raises(TypeError, match="BURST"):
        csp.run(lambda: ReplayAdapter([1], [], 0.0, True, push_mode=csp.PushMode.BURST), starttime=START,
                endtime=timedelta(seconds=3))


class History:
    """Graph time: a manager whose push-pull adapters replay `offsets` each."""

    def __init__(self, offsets):
        self.offsets = offsets

    def subscribe(self, symbol):
        return HistoryAdapter(self, symbol)

    def _create(self, engine, memo):
        from csp.impl.adaptermanager import AdapterManagerImpl

        impl = AdapterManagerImpl(engine)
        impl.offsets = self.offsets
        return impl


class HistoryReplay(Replay):
    def __init__(self, manager_impl, symbol):
        super().__init__(manager_impl.offsets, [], 0.0, True)


HistoryAdapter = py_pushpull_adapter_def("HistoryAdapter", HistoryReplay, ts[float], History, symbol=str)


def test_push_pull_adapters_under_a_manager_get_its_implementation():
    def g():
        history = History([0.5, 1.5])
        return {"A": history.subscribe("A"), "B": history.subscribe("B")}

    out = csp.run(g, starttime=START, endtime=timedelta(seconds=3))
    for symbol in "AB":
        assert [((t - START).total_seconds(), v) for t, v in out[symbol]] == [(0.5, 0.5), (1.5, 1.5)]
