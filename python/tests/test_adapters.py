"""Adapters written in Python: pull, push (from threads), output, GenericPushAdapter."""

import threading
from typing import List
from datetime import datetime, timedelta

import pytest

import csp
from csp import ts
from csp.impl.outputadapter import OutputAdapter
from csp.impl.pulladapter import PullInputAdapter
from csp.impl.pushadapter import PushBatch, PushGroup, PushInputAdapter
from csp.impl.wiring import py_output_adapter_def, py_pull_adapter_def, py_push_adapter_def

START = datetime(2022, 1, 1)
events = []


class Ticks(PullInputAdapter):
    """Ticks 1..n, every interval; several per time slot if interval is zero."""

    def __init__(self, interval, n):
        super().__init__()
        events.append("construct")
        self._interval, self._n, self._i = interval, n, 0

    def start(self, start_time, end_time):
        super().start(start_time, end_time)
        events.append("start pull")
        self._time = start_time

    def next(self):
        if self._i == self._n:
            return None
        self._i += 1
        self._time += self._interval
        if self._i == 99:
            raise KeyError("bad tick")
        return self._time, self._i

    def stop(self):
        events.append("stop pull")


TicksAdapter = py_pull_adapter_def("Ticks", Ticks, ts[int], interval=timedelta, n=int)


class Collect(OutputAdapter):
    def __init__(self, sink):
        super().__init__()
        self._sink = sink

    def start(self):
        events.append("start out")

    def stop(self):
        events.append("stop out")

    def on_tick(self, time, value):
        self._sink.append((time, value))


CollectAdapter = py_output_adapter_def("Collect", Collect, input=ts["T"], sink=list)


@pytest.fixture(autouse=True)
def clear_events():
    events.clear()


def test_a_pull_adapter_feeds_an_output_adapter_in_start_stop_order():
    sink = []

    def g():
        CollectAdapter(TicksAdapter(timedelta(seconds=1), 3), sink=sink)
        TicksAdapter(timedelta(seconds=5), 1)  # consumed by nothing: pruned, never constructed

    csp.run(g, starttime=START, endtime=timedelta(seconds=10))
    assert sink == [(START + timedelta(seconds=i), i) for i in (1, 2, 3)]
    assert events == ["construct", "start out", "start pull", "stop pull", "stop out"]


def test_pull_adapters_apply_their_push_mode_to_same_time_ticks():
    last = csp.run(TicksAdapter(timedelta(0), 3, push_mode=csp.PushMode.LAST_VALUE), starttime=START)[0]
    assert last == [(START, 3)]
    each = csp.run(TicksAdapter(timedelta(0), 3), starttime=START)[0]
    assert [v for _, v in each] == [1, 2, 3]


def test_an_error_in_a_pull_adapter_propagates_and_output_adapters_still_stop():
    sink = []
    with pytest.raises(KeyError, match="bad tick"):
        csp.run(lambda: CollectAdapter(TicksAdapter(timedelta(seconds=1), 100), sink=sink), starttime=START)
    # The adapter reads one tick ahead: fetching tick 99 fails in the cycle of tick 98, before it is consumed.
    assert len(sink) == 97
    assert events[-2:] == ["stop pull", "stop out"]


class Counter(PushInputAdapter):
    """Pushes 0..n-1 from its own thread, optionally through batches of two."""

    def __init__(self, n, batched):
        self._n, self._batched = n, batched

    def start(self, starttime, endtime):
        self._thread = threading.Thread(target=self._run)
        self._thread.start()

    def _run(self):
        for i in range(0, self._n, 2 if self._batched else 1):
            if self._batched:
                with PushBatch() as batch:
                    self.push_tick(i, batch)
                    self.push_tick(i + 1, batch)
            else:
                self.push_tick(i)

    def stop(self):
        self._thread.join()


CounterAdapter = py_push_adapter_def("Counter", Counter, ts[int], n=int, batched=bool)


@csp.node
def stop_at(x: ts[int], last: int) -> ts[int]:
    if x == last:
        csp.stop_engine()
    return x


def run_realtime(g, seconds=30):
    return csp.run(g, starttime=datetime.utcnow(), endtime=timedelta(seconds=seconds), realtime=True)


def test_values_pushed_from_a_thread_all_arrive_in_order():
    ticks = run_realtime(lambda: stop_at(CounterAdapter(2000, False), 1999))[0]
    assert [v for _, v in ticks] == list(range(2000))


def test_a_batch_lands_in_one_cycle():
    def g():
        counter = CounterAdapter(200, True, push_mode=csp.PushMode.BURST)
        assert counter.tstype.typ == List[int]
        csp.add_graph_output("bursts", counter)
        return stop_at(csp.apply(counter, lambda values: values[-1], int), 199)

    results = run_realtime(g)
    values = [v for _, burst in results["bursts"] for v in burst]
    assert values == list(range(200))
    assert all(len(burst) % 2 == 0 for _, burst in results["bursts"])  # a batch is never split


def test_burst_pull_adapters_tick_one_list_per_time():
    ticks = csp.run(TicksAdapter(timedelta(0), 3, push_mode=csp.PushMode.BURST), starttime=START)[0]
    assert ticks == [(START, [1, 2, 3])]


def test_adapters_in_a_push_group_share_the_group():
    group = PushGroup()
    ticks = run_realtime(lambda: stop_at(CounterAdapter(100, False, push_group=group), 99))[0]
    assert [v for _, v in ticks] == list(range(100))


class Failing(PushInputAdapter):
    def start(self, starttime, endtime):
        threading.Thread(target=lambda: self.shutdown_engine(ValueError("feed lost"))).start()


FailingAdapter = py_push_adapter_def("Failing", Failing, ts[int])


def test_shutdown_engine_from_an_adapter_thread_raises_in_csp_run():
    with pytest.raises(ValueError, match="feed lost"):
        run_realtime(lambda: csp.print("x", FailingAdapter()))


def test_generic_push_adapter():
    adapter = csp.GenericPushAdapter(int)
    assert adapter.push_tick(1) is False  # not running yet

    def push():
        assert adapter.wait_for_start(timeout=10)
        for i in range(5):
            adapter.push_tick(i)

    thread = threading.Thread(target=push)
    thread.start()
    ticks = run_realtime(lambda: stop_at(adapter.out(), 4))[0]
    thread.join()
    assert [v for _, v in ticks] == [0, 1, 2, 3, 4]
    assert adapter.stopped() and adapter.push_tick(5) is False


class BufferedWriter(OutputAdapter):
    """Buffers values and writes them to `sink` only in stop(), as a file writer flushes; fails on `bad`."""

    def __init__(self, sink, bad):
        super().__init__()
        self._sink, self._bad, self._buffer = sink, bad, []

    def on_tick(self, time, value):
        if value == self._bad:
            raise IOError(f"cannot write {value}")
        self._buffer.append(value)

    def stop(self):
        self._sink.extend(self._buffer)
        self._sink.append("stopped")


BufferedWriterAdapter = py_output_adapter_def("BufferedWriter", BufferedWriter, input=ts[int], sink=list, bad=int)


@csp.node
def fail_at(x: ts[int], bad: int) -> ts[int]:
    if x == bad:
        raise ArithmeticError(f"bad value {x}")
    return x


def test_when_a_node_fails_mid_run_output_adapters_still_stop_and_flush_what_they_accepted():
    sink = []
    with pytest.raises(ArithmeticError, match="bad value 5"):
        csp.run(lambda: BufferedWriterAdapter(fail_at(TicksAdapter(timedelta(seconds=1), 10), 5), sink, -1),
                starttime=START)
    assert sink == [1, 2, 3, 4, "stopped"]


def test_an_output_adapter_whose_on_tick_fails_is_still_stopped():
    sink = []
    with pytest.raises(IOError, match="cannot write 3") as info:
        csp.run(lambda: BufferedWriterAdapter(TicksAdapter(timedelta(seconds=1), 10), sink, 3), starttime=START)
    assert sink == [1, 2, "stopped"]
    assert any("node 'BufferedWriter'" in note for note in info.value.__notes__)
