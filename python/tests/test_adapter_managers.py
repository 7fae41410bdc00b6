"""Adapter managers written in Python: managed simulation adapters ticked in
process_next_sim_timeslice, and realtime managers pushing from their threads.
Expected orderings are the reference csp's observed output for the same graphs."""

import threading
from datetime import datetime, timedelta

import pytest

import csp
from csp import ts
from csp.impl.adaptermanager import AdapterManagerImpl, ManagedSimInputAdapter
from csp.impl.outputadapter import OutputAdapter
from csp.impl.pushadapter import PushInputAdapter
from csp.impl.wiring import py_managed_adapter_def, py_output_adapter_def, py_push_adapter_def

START = datetime(2020, 1, 1)
SECOND = timedelta(seconds=1)


class Rows:
    """Graph time: replays (offset, symbol, value) rows to one adapter per symbol."""

    def __init__(self, rows, fail_at=None, step_back=False):
        self.rows, self.fail_at, self.step_back = rows, fail_at, step_back

    def subscribe(self, symbol, push_mode=csp.PushMode.NON_COLLAPSING):
        return RowsAdapter(self, symbol, push_mode=push_mode)

    def _create(self, engine, memo):
        return RowsImpl(engine, self)


class RowsImpl(AdapterManagerImpl):
    log = []

    def __init__(self, engine, rep):
        super().__init__(engine)
        self._rep = rep
        self._adapters = {}
        self._next = 0

    def register(self, symbol, adapter):
        self._adapters.setdefault(symbol, []).append(adapter)

    def start(self, starttime, endtime):
        RowsImpl.log.append("start manager")
        self._start = starttime

    def stop(self):
        RowsImpl.log.append("stop manager")

    def process_next_sim_timeslice(self, now):
        rows = self._rep.rows
        if self._next == self._rep.fail_at:
            raise KeyError("bad row")
        if self._rep.step_back:
            return now - SECOND
        while self._next < len(rows) and self._start + rows[self._next][0] <= now:
            _, symbol, value = rows[self._next]
            for adapter in self._adapters.get(symbol, []):
                adapter.push_tick(value)
            self._next += 1
        return self._start + rows[self._next][0] if self._next < len(rows) else None


class RowsAdapterImpl(ManagedSimInputAdapter):
    def __init__(self, manager_impl, symbol):
        super().__init__(int, "value")
        manager_impl.register(symbol, self)

    def start(self, starttime, endtime):
        RowsImpl.log.append("start adapter")

    def stop(self):
        RowsImpl.log.append("stop adapter")


RowsAdapter = py_managed_adapter_def("RowsAdapter", RowsAdapterImpl, ts[int], Rows, symbol=str)


@pytest.fixture(autouse=True)
def clear_log():
    RowsImpl.log.clear()


def run_sim(g, seconds=10):
    return csp.run(g, starttime=START, endtime=timedelta(seconds=seconds))


def test_managed_adapters_tick_at_the_managers_times_in_start_stop_order():
    rows = [(0 * SECOND, "A", 1), (SECOND, "B", 2), (2 * SECOND, "A", 3), (2 * SECOND, "B", 4), (5 * SECOND, "A", 5)]

    def g():
        feed = Rows(rows)
        return {"A": feed.subscribe("A"), "B": feed.subscribe("B")}

    out = run_sim(g)
    for symbol in "AB":
        assert out[symbol] == [(START + offset, value) for offset, s, value in rows if s == symbol]
    assert RowsImpl.log == ["start manager", "start adapter", "start adapter", "stop adapter", "stop adapter",
                            "stop manager"]


def test_subscribing_twice_with_the_same_arguments_returns_the_same_edge():
    def g():
        feed = Rows([])
        assert feed.subscribe("A") is feed.subscribe("A")

    csp.build_graph(g)


@csp.node
def seen(a: ts[int], t: ts[int]) -> ts[str]:
    return ("a" if csp.ticked(a) else "") + ("t" if csp.ticked(t) else "")


def test_time_slices_share_cycles_with_a_timer_at_equal_times():
    def g():
        feed = Rows([(SECOND, "A", 1), (2 * SECOND, "A", 2), (2 * SECOND, "A", 3)])
        return seen(feed.subscribe("A"), csp.timer(SECOND, 0))

    out = run_sim(g, 3)[0]
    # As the reference: one cycle for the timer and the managed tick at 1s and 2s, a second cycle at 2s.
    assert out == [(START + SECOND, "at"), (START + 2 * SECOND, "at"), (START + 2 * SECOND, "a"),
                   (START + 3 * SECOND, "t")]


class Twice:
    """Graph time: each slice pushes two values to every adapter, then asks for `next_slice(now)`."""

    def __init__(self, next_slice):
        self.next_slice = next_slice

    def subscribe(self, push_mode):
        return TwiceAdapter(self, push_mode=push_mode)

    def _create(self, engine, memo):
        return TwiceImpl(engine, self.next_slice)


class TwiceImpl(AdapterManagerImpl):
    def __init__(self, engine, next_slice):
        super().__init__(engine)
        self.adapters, self._next_slice, self._n = [], next_slice, 0

    def start(self, starttime, endtime):
        pass

    def stop(self):
        pass

    def process_next_sim_timeslice(self, now):
        self._n += 1
        if self._n > 3:
            return None
        for adapter in self.adapters:
            adapter.push_tick(self._n * 10 + 1)
            adapter.push_tick(self._n * 10 + 2)
        return self._next_slice(now)


class TwiceAdapterImpl(ManagedSimInputAdapter):
    def __init__(self, manager_impl):
        super().__init__(int, "value")
        manager_impl.adapters.append(self)


TwiceAdapter = py_managed_adapter_def("TwiceAdapter", TwiceAdapterImpl, ts[int], Twice)


@pytest.mark.parametrize(
    "next_slice, expected",
    [
        # The reference's output for the same graph (times as offsets in seconds).
        (lambda now: now + SECOND,
         {"NC": [(0, 11), (0, 12), (1, 21), (1, 22), (2, 31), (2, 32)],
          "LV": [(0, 12), (1, 22), (2, 32)],
          "BU": [(0, [11, 12]), (1, [21, 22]), (2, [31, 32])]}),
        # Returning `now` calls the manager again in the next cycle at the same time.
        (lambda now: now,
         {"NC": [(0, 11), (0, 12), (0, 21), (0, 22), (0, 31), (0, 32)],
          "LV": [(0, 12), (0, 22), (0, 32)],
          "BU": [(0, [11, 12]), (0, [21, 22]), (0, [31, 32])]}),
    ],
)
def test_several_pushes_in_one_slice_follow_the_push_mode(next_slice, expected):
    def g():
        feed = Twice(next_slice)
        return {"NC": feed.subscribe(csp.PushMode.NON_COLLAPSING), "LV": feed.subscribe(csp.PushMode.LAST_VALUE),
                "BU": feed.subscribe(csp.PushMode.BURST)}

    out = run_sim(g)
    assert {key: [((t - START).seconds, v) for t, v in ticks] for key, ticks in out.items()} == expected


def test_an_error_in_process_next_sim_timeslice_names_the_manager_and_stops_everything():
    with pytest.raises(KeyError, match="bad row") as info:
        run_sim(lambda: Rows([(0 * SECOND, "A", 1), (SECOND, "A", 2)], fail_at=1).subscribe("A"))
    assert any("adapter manager 'RowsImpl'" in note for note in info.value.__notes__)
    assert RowsImpl.log[-2:] == ["stop adapter", "stop manager"]


def test_a_time_before_now_is_an_error_naming_the_manager():
    with pytest.raises(ValueError, match="before the current time") as info:
        run_sim(lambda: Rows([], step_back=True).subscribe("A"))
    assert "adapter manager 'RowsImpl'" in str(info.value)


def test_process_dict_builds_the_struct_type_through_the_field_map():
    class Quote(csp.Struct):
        sym: str
        px: float

    class QuoteImpl(ManagedSimInputAdapter):
        def __init__(self, manager_impl):
            super().__init__(Quote, {"s": "sym", "p": "px"})
            manager_impl.adapters.append(self)

    class QuotesImpl(TwiceImpl):
        def process_next_sim_timeslice(self, now):
            for adapter in self.adapters:
                adapter.process_dict({"s": "X", "p": 1.5, "other": 3})
                adapter.process_dict({"s": "Y", "p": None}, keep_none=False)
            return None

    class Quotes(Twice):
        def _create(self, engine, memo):
            return QuotesImpl(engine, None)

    QuoteAdapter = py_managed_adapter_def("QuoteAdapter", QuoteImpl, ts[Quote], Quotes)
    out = run_sim(lambda: QuoteAdapter(Quotes(None)))[0]
    assert [v for _, v in out] == [Quote(sym="X", px=1.5), Quote(sym="Y")]  # as the reference


# ---------------------------------------------------------------- realtime managers


class Live:
    """Graph time: a realtime manager whose thread pushes 0..n-1 to every subscriber, then maybe shuts down."""

    def __init__(self, n, fail=False):
        self.n, self.fail = n, fail

    def subscribe(self, symbol):
        return LiveAdapter(self, symbol)

    def _create(self, engine, memo):
        return LiveImpl(engine, self)


class LiveImpl(AdapterManagerImpl):
    def __init__(self, engine, rep):
        super().__init__(engine)
        self._rep = rep
        self.adapters = []

    def start(self, starttime, endtime):
        self._thread = threading.Thread(target=self._run)
        self._thread.start()

    def _run(self):
        for i in range(self._rep.n):
            for adapter in self.adapters:
                adapter.push_tick(i)
        if self._rep.fail:
            self.shutdown_engine(ConnectionError("feed lost"))

    def stop(self):
        self._thread.join()


class LiveAdapterImpl(PushInputAdapter):
    def __init__(self, manager_impl, symbol):
        manager_impl.adapters.append(self)


LiveAdapter = py_push_adapter_def("LiveAdapter", LiveAdapterImpl, ts[int], Live, symbol=str)


@csp.node
def stop_at(x: ts[int], last: int) -> ts[int]:
    if x == last:
        csp.stop_engine()
    return x


def test_a_realtime_manager_pushes_from_its_thread_into_its_push_adapters():
    def g():
        feed = Live(1000)
        return {"A": stop_at(feed.subscribe("A"), 999), "B": feed.subscribe("B")}

    out = csp.run(g, starttime=datetime.utcnow(), endtime=timedelta(seconds=30), realtime=True)
    assert [v for _, v in out["A"]] == list(range(1000))
    assert [v for _, v in out["B"]] == list(range(len(out["B"])))  # in order, up to the stop


def test_shutdown_engine_from_a_manager_thread_raises_in_csp_run():
    with pytest.raises(ConnectionError, match="feed lost"):
        csp.run(lambda: Live(3, fail=True).subscribe("A"), starttime=datetime.utcnow(),
                endtime=timedelta(seconds=30), realtime=True)


def test_managed_sim_adapters_refuse_pushes_from_other_threads():
    errors = []

    class Threaded(RowsImpl):
        def process_next_sim_timeslice(self, now):
            def push():
                try:
                    self._adapters["A"][0].push_tick(1)
                except RuntimeError as error:
                    errors.append(str(error))

            thread = threading.Thread(target=push)
            thread.start()
            thread.join()
            return None

    class ThreadedRows(Rows):
        def _create(self, engine, memo):
            return Threaded(engine, self)

    assert run_sim(lambda: ThreadedRows([]).subscribe("A"))[0] == []
    assert errors and "engine thread" in errors[0]


class Journal:
    """Graph time: a manager that owns one journal; output adapters write (tag, value) lines to it."""

    def __init__(self, lines):
        self.lines = lines

    def publish(self, x, tag):
        JournalWriter(self, x, tag)

    def _create(self, engine, memo):
        return JournalImpl(engine, self.lines)


class JournalImpl(AdapterManagerImpl):
    def __init__(self, engine, lines):
        super().__init__(engine)
        self.lines = lines

    def start(self, starttime, endtime):
        pass

    def stop(self):
        self.lines.append("closed")


class JournalWriterImpl(OutputAdapter):
    def __init__(self, manager_impl, tag):
        super().__init__()
        self._journal, self._tag = manager_impl, tag

    def on_tick(self, time, value):
        self._journal.lines.append((self._tag, value))


JournalWriter = py_output_adapter_def("JournalWriter", JournalWriterImpl, Journal, x=ts[int], tag=str)


def test_output_adapters_of_one_manager_share_its_implementation():
    lines = []

    def g():
        journal = Journal(lines)
        journal.publish(csp.curve(int, [(SECOND, 1), (2 * SECOND, 2)]), "a")
        journal.publish(csp.curve(int, [(SECOND, 10)]), "b")

    run_sim(g)
    assert sorted(lines[:3]) == [("a", 1), ("a", 2), ("b", 10)]
    assert lines[3:] == ["closed"]


def test_time_slices_also_run_in_realtime_catch_up_and_live():
    start = datetime.utcnow() - timedelta(seconds=1)
    rows = [(0 * SECOND, "A", 1), (timedelta(seconds=0.5), "A", 2), (timedelta(seconds=1.2), "A", 3)]
    out = csp.run(lambda: Rows(rows).subscribe("A"), starttime=start, endtime=timedelta(seconds=1.5), realtime=True)[0]
    assert [(t - start, v) for t, v in out] == [(offset, value) for offset, _, value in rows]


def test_a_value_of_the_wrong_type_names_the_adapter_and_its_manager():
    with pytest.raises(TypeError, match="adapter 'RowsAdapter': expected int, got str") as info:
        run_sim(lambda: Rows([(SECOND, "A", "oops")]).subscribe("A"))
    assert any("adapter manager 'RowsImpl'" in note for note in info.value.__notes__)
