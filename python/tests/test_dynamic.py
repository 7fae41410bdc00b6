"""csp.dynamic and dynamic baskets: realtime, teardown, graph pictures and errors.

Simulation behaviour is compared with the reference in tests/semantics
(cases 250-289); these tests cover what those cannot: threads pushing while
sub-graphs come and go, output adapters inside sub-graphs, many keys.
"""

import threading
from datetime import datetime, timedelta

import pytest

import csp
from csp import ts
from csp.impl.outputadapter import OutputAdapter
from csp.impl.wiring.adapters import py_output_adapter_def

START = datetime(2022, 1, 1)


@csp.node
def commands_to_basket(cmd: ts[tuple]) -> {ts[str]: ts[int]}:
    """(key, value) ticks the key; (key, None) removes it."""
    key, value = cmd
    if value is None:
        csp.remove_dynamic_key(key)
    else:
        return {key: value}


def test_pushed_events_reach_live_keys_only_and_none_is_lost():
    script, expected = [], []
    for round_ in range(30):
        for key in "abc":
            removing = round_ % 5 == 4 and key != "c"
            script.append((key, None if removing else round_))
            if not removing:
                expected.append({key: round_ * 10})
    adapter = csp.GenericPushAdapter(tuple)

    def push():
        assert adapter.wait_for_start(timeout=10)
        for command in script:
            adapter.push_tick(command)

    @csp.graph
    def per_key(x: ts[int]) -> ts[int]:
        return x * 10

    @csp.node
    def stop_after(x: ts[dict], last: dict) -> ts[dict]:
        if x == last:
            csp.stop_engine()
        return x

    def graph():
        scaled = csp.dynamic(commands_to_basket(adapter.out()), per_key, csp.attach())
        return stop_after(csp.dynamic_collect(scaled), expected[-1])

    thread = threading.Thread(target=push)
    thread.start()
    ticks = csp.run(graph, starttime=datetime.utcnow(), endtime=timedelta(seconds=30), realtime=True)[0]
    thread.join()
    assert [v for _, v in ticks] == expected


class ListWriter(OutputAdapter):
    def __init__(self, sink, label):
        super().__init__()
        self._sink, self._name, self._buffer = sink, label, []

    def on_tick(self, time, value):
        self._buffer.append(value)

    def stop(self):  # flushes when its sub-graph goes away
        self._sink.append((self._name, list(self._buffer)))


ListWriterAdapter = py_output_adapter_def("ListWriter", ListWriter, input=ts[int], sink=list, label=str)


def test_removed_sub_graph_runs_its_stop_hooks_and_flushes_its_output_adapters():
    flushed, stopped = [], []

    @csp.node
    def watch(key: str, x: ts[int]):
        with csp.stop():
            stopped.append((key, csp.now()))
        if csp.ticked(x):
            pass

    @csp.graph
    def per_key(key: str, x: ts[int]):
        watch(key, x)
        ListWriterAdapter(x, flushed, key)

    def graph():
        cmds = csp.curve(tuple, [(timedelta(seconds=1), ("a", 1)), (timedelta(seconds=2), ("a", 2)),
                                 (timedelta(seconds=3), ("a", None)), (timedelta(seconds=4), ("b", 7))])
        csp.dynamic(commands_to_basket(cmds), per_key, csp.snapkey(), csp.attach())

    csp.run(graph, starttime=START, endtime=timedelta(seconds=10))
    assert flushed == [("a", [1, 2]), ("b", [7])]
    assert stopped == [("a", START + timedelta(seconds=3)), ("b", START + timedelta(seconds=4))]  # the run ends with its last event


def test_a_thousand_keys_each_get_their_own_instance():
    @csp.graph
    def per_key(key: int, x: ts[int]) -> ts[int]:
        return csp.count(x) + key * 0

    def graph():
        x = csp.curve(int, [(timedelta(milliseconds=i), i) for i in range(3000)])
        keys = csp.apply(x, lambda v: v % 1000, int)
        counts = csp.dynamic(csp.dynamic_demultiplex(x, keys), per_key, csp.snapkey(), csp.attach())
        return csp.dynamic_collect(counts)

    ticks = csp.run(graph, starttime=START, endtime=timedelta(seconds=10))[0]
    assert len(ticks) == 3000
    assert [v for _, v in ticks[-1000:]] == [{k: 3} for k in range(1000)]


def test_show_graph_names_the_dynamic_node_and_its_sub_graph():
    pytest.importorskip("graphviz")

    @csp.graph
    def per_key(key: str, x: ts[int], scale: int) -> ts[int]:
        return x * scale

    def graph():
        x = csp.const(1)
        basket = csp.dynamic_demultiplex(x, csp.const("k"))
        csp.print("out", csp.dynamic_collect(csp.dynamic(basket, per_key, csp.snapkey(), csp.attach(), 3)))

    source = csp.show_graph(graph).source
    assert "dynamic<per_key>" in source
    assert "per_key(csp.snapkey(), csp.attach(), 3)" in source


def test_exception_in_a_sub_graph_node_names_the_node_and_stops_the_run():
    @csp.node
    def fail_on(x: ts[int], bad: int) -> ts[int]:
        if x == bad:
            raise ArithmeticError(f"bad value {x}")
        return x

    @csp.graph
    def per_key(x: ts[int]) -> ts[int]:
        return fail_on(x, 3)

    def graph():
        x = csp.curve(int, [(timedelta(seconds=i), i) for i in range(1, 5)])
        return csp.dynamic_collect(csp.dynamic(csp.dynamic_demultiplex(x, csp.const("k")), per_key, csp.attach()))

    with pytest.raises(ArithmeticError, match="bad value 3") as info:
        csp.run(graph, starttime=START, endtime=timedelta(seconds=10))
    assert any("fail_on" in note for note in getattr(info.value, "__notes__", []))


def test_trigger_must_be_a_dynamic_basket():
    @csp.graph
    def per_key(x: ts[int]) -> ts[int]:
        return x

    def graph():
        csp.dynamic(csp.const(1), per_key, csp.attach())

    with pytest.raises(TypeError, match="dynamic basket"):
        csp.run(graph, starttime=START, endtime=timedelta(seconds=1))


@csp.node
def _by_remainder(x: ts[int]) -> csp.DynamicBasket[int, int]:
    if csp.ticked(x):
        return {x % 3: x}


@csp.node
def _ticked_sum(b: {ts[int]: ts[int]}) -> ts[int]:
    if csp.ticked(b):
        return sum(v for _, v in b.tickeditems())


def test_a_sub_graph_reads_an_outer_dynamic_basket_from_its_creation_cycle():
    @csp.graph
    def per_key(basket: {ts[int]: ts[int]}) -> ts[int]:
        return _ticked_sum(basket)

    def graph():
        basket = _by_remainder(csp.count(csp.timer(timedelta(seconds=1))))
        return csp.dynamic_collect(csp.dynamic(basket, per_key, basket))

    ticks = csp.run(graph, starttime=START, endtime=timedelta(seconds=5))[0]
    # Every instance sees the basket tick in the cycle it is created in, and after.
    assert [v for _, v in ticks] == [{1: 1}, {1: 2, 2: 2}, {1: 3, 2: 3, 0: 3}, {1: 4, 2: 4, 0: 4},
                                     {1: 5, 2: 5, 0: 5}]


def test_a_key_removed_and_added_again_in_one_cycle_gets_a_fresh_instance():
    events = []

    @csp.node
    def control(x: ts[int]) -> csp.DynamicBasket[str, int]:
        if x == 3:
            csp.remove_dynamic_key("a")
        return {"a": x}

    @csp.node
    def hooks(v: ts[int]) -> ts[int]:
        with csp.state():
            s_seen = 0
        with csp.start():
            events.append(("start", csp.now().second))
        with csp.stop():
            events.append(("stop", csp.now().second))
        s_seen += 1
        return s_seen

    @csp.graph
    def per_key(v: ts[int]) -> ts[int]:
        return hooks(v)

    def graph():
        x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 5)])
        return csp.dynamic_collect(csp.dynamic(control(x), per_key, csp.attach()))

    ticks = csp.run(graph, starttime=START, endtime=timedelta(seconds=10))[0]
    assert [v for _, v in ticks] == [{"a": 1}, {"a": 2}, {"a": 1}, {"a": 2}]
    assert events == [("start", 1), ("stop", 3), ("start", 3), ("stop", 4)]
