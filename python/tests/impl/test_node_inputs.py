"""How the engine hands input values to a Python node's locals.

A node's generator is resumed either with every single input's and alarm's
value at once (all of them changed) or with only the changed ones flagged;
both paths must give the same locals: an input's local keeps whatever the
node last assigned to it until that input ticks again.
"""

from datetime import datetime, timedelta, timezone
from enum import IntEnum

import pytest

import csp
from csp import ts

START = datetime(2020, 1, 1)


def at(seconds):
    return START + timedelta(seconds=seconds)


def ticks(*pairs):
    return csp.curve(int, [(at(s), v) for s, v in pairs])


def run(graph, endtime=timedelta(seconds=60)):
    return csp.run(graph, starttime=START, endtime=endtime)


def values_of(result, name=0):
    return [(int((t - START).total_seconds()), v) for t, v in result[name]]


@csp.node
def add(x: ts[int], y: ts[int]) -> ts[int]:
    if csp.valid(x, y):
        return x + y


@csp.node
def reassign(x: ts[int], y: ts[int]) -> ts[tuple]:
    if csp.valid(x, y):
        x = x + 100
        return (x, y)


def test_inputs_ticking_together_and_apart():
    @csp.graph
    def g():
        csp.add_graph_output("sum", add(ticks((1, 1), (2, 2), (3, 3)), ticks((1, 10), (3, 30), (4, 40))))

    assert values_of(run(g), "sum") == [(1, 11), (2, 12), (3, 33), (4, 43)]


def test_reassigned_input_keeps_its_value_until_it_ticks_again():
    @csp.graph
    def g():
        csp.add_graph_output("out", reassign(ticks((10, 1), (40, 4)), ticks((10, 1), (20, 2), (30, 3), (40, 4), (50, 5))))

    # x ticks at 10 and 40 only: in between, each execution adds 100 to the local again
    assert [v for _, v in values_of(run(g), "out")] == [(101, 1), (201, 2), (301, 3), (104, 4), (204, 5)]


def test_reading_an_input_that_never_ticked_raises_unbound_local_error():
    @csp.node
    def reads_y(x: ts[int], y: ts[int]) -> ts[int]:
        return x + y

    @csp.graph
    def g():
        csp.add_graph_output("out", reads_y(ticks((1, 1)), ticks((5, 5))))

    with pytest.raises(UnboundLocalError):
        run(g)


def test_alarm_and_input_in_one_node():
    @csp.node
    def echo_later(x: ts[int]) -> ts[tuple]:
        with csp.alarms():
            later = csp.alarm(int)
        if csp.ticked(x):
            csp.schedule_alarm(later, timedelta(seconds=1), x * 10)
            if csp.ticked(later):
                return ("both", x, later)
            return ("x", x)
        if csp.ticked(later):
            return ("alarm", x, later)

    @csp.graph
    def g():
        csp.add_graph_output("out", echo_later(ticks((1, 1), (2, 2), (5, 5))))

    assert values_of(run(g), "out") == [
        (1, ("x", 1)),
        (2, ("both", 2, 10)),  # the alarm set at 1 fires with the tick at 2
        (3, ("alarm", 2, 20)),
        (5, ("x", 5)),
        (6, ("alarm", 5, 50)),
    ]


def test_passive_input_value_is_seen_without_triggering():
    @csp.node
    def sample(trigger: ts[int], x: ts[int]) -> ts[int]:
        with csp.start():
            csp.make_passive(x)
        if csp.ticked(trigger) and csp.valid(x):
            return x

    @csp.graph
    def g():
        csp.add_graph_output("out", sample(ticks((2, 0), (4, 0), (6, 0)), ticks((1, 1), (3, 3), (5, 5))))

    assert values_of(run(g), "out") == [(2, 1), (4, 3), (6, 5)]


def test_basket_and_single_input():
    @csp.node
    def weighted(xs: [ts[int]], w: ts[int]) -> ts[int]:
        if csp.valid(w) and csp.valid(xs):
            return w * sum(xs.validvalues())

    @csp.graph
    def g():
        xs = [ticks((1, 1), (3, 3)), ticks((2, 2))]
        csp.add_graph_output("out", weighted(xs, ticks((1, 10), (4, 100))))

    assert values_of(run(g), "out") == [(2, 30), (3, 50), (4, 500)]  # valid(xs): every element ticked


def test_none_is_a_value_like_any_other():
    @csp.node
    def describe(x: ts[object]) -> ts[str]:
        return repr(x)

    @csp.node
    def describe_both(x: ts[object], y: ts[object]) -> ts[str]:
        if csp.valid(x, y):
            return f"{x!r} {y!r}"

    @csp.graph
    def g():
        xs = csp.curve(object, [(at(1), None), (at(2), 1), (at(3), None)])
        ys = csp.curve(object, [(at(1), None), (at(3), 2)])
        csp.add_graph_output("one", describe(xs))
        csp.add_graph_output("two", describe_both(xs, ys))

    result = run(g)
    assert values_of(result, "one") == [(1, "None"), (2, "1"), (3, "None")]
    assert values_of(result, "two") == [(1, "None None"), (2, "1 None"), (3, "None 2")]


class _Int(int):
    pass


@csp.node
def _emit_int(x: ts[int]) -> ts[int]:
    return _Int(x) if x % 2 else x  # a subclass of int, then an int


@csp.node
def _emit_float(x: ts[int]) -> ts[float]:
    return x if x % 2 else x + 0.5  # an int (stored as a float), then a float


@csp.node
def _emit_datetime(x: ts[int]) -> ts[datetime]:
    if x % 2:
        return datetime(2021, 1, 1, 12, tzinfo=timezone(timedelta(hours=2)))  # stored in UTC, naive
    return datetime(2021, 1, 1, 12)


@csp.node
def _describe(v: ts["T"]) -> ts[str]:
    return f"{type(v).__name__} {v!r}"


def test_a_python_node_reads_another_ones_output_as_the_declared_type():
    @csp.graph
    def g():
        x = csp.count(csp.timer(timedelta(seconds=1)))
        csp.add_graph_output("int", _describe(_emit_int(x)))
        csp.add_graph_output("float", _describe(_emit_float(x)))
        csp.add_graph_output("datetime", _describe(_emit_datetime(x)))

    result = run(g, endtime=timedelta(seconds=2))
    assert [v for _, v in result["int"]] == ["int 1", "int 2"]
    assert [v for _, v in result["float"]] == ["float 1.0", "float 2.5"]
    assert [v for _, v in result["datetime"]] == [
        "datetime datetime.datetime(2021, 1, 1, 10, 0)",
        "datetime datetime.datetime(2021, 1, 1, 12, 0)",
    ]


class _Level(IntEnum):
    LOW = 1


@csp.node
def _emit_mixed_ints(x: ts[int]) -> ts[int]:
    if x == 2:
        return True  # a bool ticks an int output as 1
    if x == 3:
        return _Level.LOW  # a subclass of int
    return x * 10


@csp.node
def _emit_fold(x: ts[int]) -> ts[datetime]:
    return datetime(2021, 1, 1, 1, 30, fold=x % 2)


def test_a_python_node_reads_converted_values_after_objects_that_could_not_be_reused():
    @csp.graph
    def g():
        x = csp.count(csp.timer(timedelta(seconds=1)))
        csp.add_graph_output("int", _describe(_emit_mixed_ints(x)))
        csp.add_graph_output("fold", csp.apply(_emit_fold(x), lambda t: t.fold, int))
        csp.add_graph_output("fold_py", _describe(_emit_fold(x)))

    result = run(g, endtime=timedelta(seconds=4))
    assert [v for _, v in result["int"]] == ["int 10", "int 1", "int 1", "int 40"]
    assert [v for _, v in result["fold"]] == [0, 0, 0, 0]
    assert [v for _, v in result["fold_py"]] == ["datetime datetime.datetime(2021, 1, 1, 1, 30)"] * 4


@pytest.mark.parametrize("typ, value, message", [
    (datetime, datetime(1, 1, 1), "out of range for csp datetime"),
    (timedelta, timedelta(days=200_000), "out of range for csp timedelta"),
])
def test_a_time_output_out_of_range_raises_overflow_error(typ, value, message):
    @csp.node
    def emit(x: ts[int]) -> ts[typ]:
        return value

    @csp.graph
    def g():
        csp.add_graph_output("out", _describe(emit(csp.const(1))))

    with pytest.raises(OverflowError, match=message):
        run(g)


@csp.node
def _scaled_sum(x: ts[float], y: ts[int]) -> ts[float]:
    if csp.valid(x, y):
        return x * y


@csp.node
def _on_trigger(x: ts[float], trigger: ts[bool]) -> ts[float]:
    with csp.start():
        csp.make_passive(x)
    if csp.ticked(trigger) and csp.valid(x):
        return x


@csp.node
def _as_text(x: ts[float]) -> ts[str]:
    return f"{x:.2f}"


def test_python_nodes_reading_one_cpp_output_each_see_its_values():
    # One C++ output read by Python nodes executing in different cycles, one of them passive.
    @csp.graph
    def g():
        half = csp.cast_int_to_float(csp.count(csp.timer(timedelta(seconds=1)))) * 0.5
        csp.add_graph_output("text", _as_text(half))
        csp.add_graph_output("scaled", _scaled_sum(half, ticks((2, 10), (5, 100))))
        csp.add_graph_output("passive", _on_trigger(half, csp.curve(bool, [(at(3.5), True), (at(6), True)])))

    result = run(g, endtime=timedelta(seconds=6))
    assert [v for _, v in result["text"]] == ["0.50", "1.00", "1.50", "2.00", "2.50", "3.00"]
    assert values_of(result, "scaled") == [(2, 10.0), (3, 15.0), (4, 20.0), (5, 250.0), (6, 300.0)]
    assert [v for _, v in result["passive"]] == [1.5, 3.0]


@csp.node
def _joined(a: ts[float], b: ts[str]) -> ts[str]:
    if csp.valid(a, b):
        return f"{a:.0f}/{b}"


def test_python_nodes_of_sub_graphs_coming_and_going_read_their_own_cpp_outputs():
    @csp.graph
    def per_key(x: ts[int]) -> ts[str]:
        doubled = csp.cast_int_to_float(x) * 2.0  # a C++ output inside the sub-graph, read by two Python nodes
        return _joined(_scaled_sum(doubled, x), _as_text(doubled))

    @csp.graph
    def g():
        added = csp.curve(str, [(at(1), "a"), (at(3), "b"), (at(4), "a"), (at(6), "a")])
        removed = csp.curve(str, [(at(2), "a"), (at(5), "b")])
        csp.add_graph_output("out", csp.dynamic_collect(csp.dynamic(_keys(added, removed), per_key, csp.attach())))

    result = run(g, endtime=timedelta(seconds=7))
    assert values_of(result, "out") == [(1, {"a": "2/2.00"}), (3, {"b": "18/6.00"}), (4, {"a": "32/8.00"}),
                                        (6, {"a": "72/12.00"})]



@csp.node
def _keys(added: ts[str], removed: ts[str]) -> {ts[str]: ts[int]}:
    """Ticks key `added` with the time in seconds; removes key `removed`."""
    if csp.ticked(removed):
        csp.remove_dynamic_key(removed)
    if csp.ticked(added):
        return {added: int((csp.now() - START).total_seconds())}


# -- settling: once every single input and alarm is valid, a node that rebinds
# none of them reads all their values on each execution (docs/python_internals.md)


def settles(node) -> bool:
    compiled = getattr(node, "_compiled", None)
    return compiled is None or compiled.all_valid is not None  # None: another csp, nothing to check


@csp.node
def three_apart(a: ts[int], b: ts[int], c: ts[int]) -> ts[tuple]:
    if csp.valid(a, b):
        return (a, b, c if csp.valid(c) else None, csp.ticked(a), csp.ticked(b), csp.ticked(c))


def test_settling_node_sees_each_value_before_and_after_all_are_valid():
    assert settles(three_apart)
    @csp.graph
    def g():
        csp.add_graph_output("out", three_apart(ticks((1, 1), (4, 4), (6, 6)), ticks((2, 20), (5, 50)), ticks((3, 300), (6, 600))))

    assert values_of(run(g), "out") == [
        (2, (1, 20, None, False, True, False)),
        (3, (1, 20, 300, False, False, True)),  # now all valid: settled
        (4, (4, 20, 300, True, False, False)),
        (5, (4, 50, 300, False, True, False)),
        (6, (6, 50, 600, True, False, True)),
    ]


@csp.node
def singles_around_basket(x: ts[int], xs: [ts[int]], y: ts[int]) -> ts[tuple]:
    if csp.valid(x, y):
        return (x, y, sorted(xs.validitems()))


def test_node_with_a_basket_between_singles():
    @csp.graph
    def g():
        out = singles_around_basket(ticks((1, 1), (3, 3)), [ticks((2, 7)), ticks((4, 8))], ticks((2, 2)))
        csp.add_graph_output("out", out)

    assert values_of(run(g), "out") == [(2, (1, 2, [(0, 7)])), (3, (3, 2, [(0, 7)])), (4, (3, 2, [(0, 7), (1, 8)]))]


@csp.node
def closes_over_inputs(x: ts[int], y: ts[int]) -> ts[int]:
    with csp.state():
        s_seen = []
    with csp.stop():
        s_seen.append(("stop", total()))
        print(s_seen)

    total = lambda: x + y  # noqa: E731
    if csp.valid(x, y):
        s_seen.append(total())
        return total()


def test_settled_node_inputs_read_by_nested_functions_and_the_stop_block(capsys):
    assert settles(closes_over_inputs)
    @csp.graph
    def g():
        csp.add_graph_output("out", closes_over_inputs(ticks((1, 1), (3, 3)), ticks((2, 10), (4, 40))))

    assert values_of(run(g), "out") == [(2, 11), (3, 13), (4, 43)]
    assert capsys.readouterr().out.strip() == "[11, 13, 43, ('stop', 43)]"
