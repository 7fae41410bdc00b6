"""Tests for csp.impl.node_parser: compiled generators driven by a fake engine.

Nodes are defined in this file (the compiler reads their source). ``csp``
below is the node-language module, as ``csp/__init__.py`` re-exports it.
"""

import sys
import textwrap
import traceback
from datetime import datetime, timedelta
from typing import List

import pytest

import csp.impl.node_language as c
from csp.impl import node_language as csp
from csp.impl.basket_proxy import make_basket_proxy
from csp.impl.exceptions import CspParseError
from csp.impl.node_language import ticked as bare_ticked
from csp.impl.node_parser import UNSET, CompiledNode, compile_node
from csp.impl.types import OutputBasket, Outputs, TsKind, ts

NOW = datetime(2020, 1, 1)


class FakeCtx:
    """The node context, recording every call in ``calls``.

    Baskets: ``baskets[slot] = (shape, values, ticked)`` where ``values`` is
    a list of element values (UNSET when never ticked) and ``ticked`` the
    element indices that ticked this cycle, in order.
    """

    def __init__(self):
        self.calls = []
        self.baskets = {}
        self.next_handle = 0

    def _record(self, *call):
        self.calls.append(call)

    def output(self, index, value):
        self._record("output", index, value)

    def schedule_alarm(self, slot, when, value):
        self.next_handle += 1
        self._record("schedule_alarm", slot, when, value)
        return self.next_handle

    def cancel_alarm(self, slot, handle):
        self._record("cancel_alarm", slot, handle)

    def reschedule_alarm(self, slot, handle, when):
        self._record("reschedule_alarm", slot, handle, when)
        return handle

    def make_passive(self, slot):
        self._record("make_passive", slot)

    def make_active(self, slot):
        self._record("make_active", slot)

    def now(self):
        return NOW

    def __getattr__(self, name):
        """History functions: record the call and return its arguments."""
        if name in ("num_ticks", "value_at", "time_at", "item_at", "values_at", "times_at", "items_at",
                    "set_buffering_policy"):
            def history(*args, **kwargs):
                self._record(name, args, kwargs)
                return (name, args, kwargs)

            return history
        raise AttributeError(name)

    # -- baskets -------------------------------------------------------------

    def basket(self, slot):
        return make_basket_proxy(self, slot, self.baskets[slot][0])

    def basket_ticked_elements(self, slot):
        return list(self.baskets[slot][2])

    def basket_element_valid(self, slot, index):
        return self.baskets[slot][1][index] is not UNSET

    def basket_element_value(self, slot, index):
        return self.baskets[slot][1][index]


class Driver:
    """Drives a compiled node like the engine does."""

    def __init__(self, node, *scalars, ctx=None, baskets=None):
        self.compiled = node if isinstance(node, CompiledNode) else compile_node(node)
        sig = self.compiled.signature
        self.n_slots = len(sig.inputs) + len(sig.alarms)
        self.v = [UNSET] * self.n_slots
        self.up = [False] * self.n_slots
        self.tk = [False] * self.n_slots
        self.ctx = ctx or FakeCtx()
        for name, shape in (baskets or {}).items():
            size = shape if isinstance(shape, int) else len(shape)
            self.ctx.baskets[sig.slot(name)] = (shape, [UNSET] * size, [])
        self.gen = self.compiled.impl(self.v, self.up, self.tk, self.ctx, *scalars)
        assert next(self.gen) is UNSET

    def tick_basket(self, name, index, value):
        slot = self.compiled.signature.slot(name)
        _, values, ticked = self.ctx.baskets[slot]
        values[index] = value
        ticked.append(index)
        self.up[slot] = self.tk[slot] = True

    def run(self, **values):
        """Tick the named inputs/alarms, execute once, return the yielded output."""
        for name, value in values.items():
            slot = self.compiled.signature.slot(name)
            self.v[slot] = value
            self.up[slot] = self.tk[slot] = True
        try:
            return self.gen.send(None)
        finally:
            for i in range(self.n_slots):
                self.up[i] = self.tk[i] = False
            for _, _, ticked in self.ctx.baskets.values():
                ticked.clear()

    def outputs(self):
        return [call[1:] for call in self.ctx.calls if call[0] == "output"]


def line_of(marker):
    """Line number in this file of the line containing ``marker`` (a trailing comment)."""
    with open(__file__) as f:
        for number, line in enumerate(f, 1):
            if line.rstrip().endswith(f"# {marker}"):
                return number
    raise AssertionError(f"marker {marker!r} not found")


# ------------------------------------------------------------- basics


def add_one(x: ts[int]) -> ts[int]:
    """A docstring is allowed."""
    return x + 1


def test_single_output_via_return():
    node = Driver(add_one)
    assert node.run(x=1) == 2
    assert node.run(x=5) == 6
    assert node.compiled.impl.__name__ == "add_one"
    assert node.compiled.impl.__doc__ == "A docstring is allowed."


def test_signature_is_recorded():
    sig = compile_node(add_one).signature
    assert sig.name == "add_one" and sig.filename == __file__
    assert sig.lineno == add_one.__code__.co_firstlineno
    assert [(i.name, i.kind, i.typ) for i in sig.inputs] == [("x", TsKind.TS, int)]
    assert [(o.name, o.typ) for o in sig.outputs] == [(None, int)]
    assert compile_node(add_one, name="renamed").signature.name == "renamed"


def conditional(x: ts[int], y: ts[int]) -> ts[int]:
    if csp.ticked(x):
        return x
    if csp.ticked(y) and y > 10:
        return
    if csp.ticked(y):
        return -y


def test_ticked_and_bare_return():
    node = Driver(conditional)
    assert node.run(x=3) == 3
    assert node.run(y=11) is UNSET
    assert node.run(y=4) == -4
    assert node.run(x=1, y=2) == 1


def reads_y(x: ts[int], y: ts[int]) -> ts[int]:
    return x + y


def test_input_read_before_first_tick_raises_unbound_local():
    node = Driver(reads_y)
    with pytest.raises(UnboundLocalError):
        node.run(x=1)


def test_values_persist_after_ticking():
    node = Driver(reads_y)
    node.gen = node.compiled.impl(node.v, node.up, node.tk, node.ctx)
    next(node.gen)
    node.v[1] = 10
    node.up[1] = True
    assert node.run(x=1) == 11
    assert node.run(x=2) == 12  # y did not tick again; its value is kept


def remembers(x: ts[int], y: ts[bool]) -> ts[int]:
    if csp.ticked(x):
        last = x * 10  # a plain local, not state
    if csp.ticked(y):
        return last


def test_locals_persist_across_executions():
    node = Driver(remembers)
    assert node.run(x=4) is UNSET
    assert node.run(y=True) == 40
    assert node.run(y=True) == 40


def valid_checks(x: ts[int], y: ts[int]) -> ts[str]:
    if csp.valid(x, y):
        return "both"
    if csp.valid(x):
        return "x"


def test_valid():
    node = Driver(valid_checks)
    assert node.run(y=1) is UNSET
    assert node.run(x=1) == "both"
    other = Driver(valid_checks)
    assert other.run(x=1) == "x"


def scalars_node(x: ts[int], scale: int, offset: float = 0.5) -> ts[float]:
    return x * scale + offset


def test_scalars_are_passed_in_order():
    assert Driver(scalars_node, 3, 0.25).run(x=2) == 6.25


# ----------------------------------------------------------- blocks


def lifecycle(x: ts[int], start_value: int) -> ts[int]:
    with csp.state():
        s_total = start_value
        s_log = []
    with csp.start():
        s_log.append("start")
    with csp.stop():
        s_log.append("stop")
        csp.output(-1)
    s_total += x
    return s_total


def test_state_start_stop():
    node = Driver(lifecycle, 100)
    log = node.gen.gi_frame.f_locals["s_log"]
    assert log == ["start"]
    assert node.run(x=1) == 101
    assert node.run(x=2) == 103
    node.gen.close()
    assert log == ["start", "stop"]
    assert node.outputs() == [(0, -1)]


def no_stop(x: ts[int]) -> ts[int]:
    with csp.state():
        s = 0
    s += 1
    return s


def test_close_without_stop_block():
    node = Driver(no_stop)
    assert node.run(x=0) == 1
    node.gen.close()


def with_alarms(x: ts[int]) -> Outputs(fired=ts[str], handle=ts[int]):
    with csp.alarms():
        a = csp.alarm(str)
        b = csp.alarm(bool)
    with csp.start():
        csp.schedule_alarm(a, timedelta(seconds=1), "hello")
    if csp.ticked(a):
        csp.output(fired=a)
    if csp.ticked(x):
        h = csp.schedule_alarm(b, timedelta(seconds=x), True)
        csp.output(handle=h)
        csp.cancel_alarm(b, h)
        csp.reschedule_alarm(a, h, NOW)
    if csp.ticked(a, b) and csp.valid(b):
        csp.output(fired="b")


def test_alarms():
    node = Driver(with_alarms)
    sig = node.compiled.signature
    assert [(a.name, a.typ) for a in sig.alarms] == [("a", str), ("b", bool)]
    assert sig.slot("a") == 1 and sig.slot("b") == 2
    assert node.ctx.calls == [("schedule_alarm", 1, timedelta(seconds=1), "hello")]
    node.ctx.calls.clear()
    node.run(a="hello")
    assert node.outputs() == [(0, "hello")]
    node.ctx.calls.clear()
    node.run(x=2)
    assert node.ctx.calls == [
        ("schedule_alarm", 2, timedelta(seconds=2), True),
        ("output", 1, 2),
        ("cancel_alarm", 2, 2),
        ("reschedule_alarm", 1, 2, NOW),
    ]
    node.ctx.calls.clear()
    node.run(b=True)
    assert node.outputs() == [(0, "b")]


# ----------------------------------------------------------- outputs


def named_outputs(x: ts[int]) -> Outputs(a=ts[int], b=ts[int]):
    if x == 0:
        csp.output(a=x, b=x + 1)
    elif x == 1:
        return csp.output(b=10)
    elif x == 2:
        csp.output(a, 20)
    else:
        return csp.output(a=1, b=2)


def test_named_outputs():
    node = Driver(named_outputs)
    assert node.run(x=0) is UNSET
    assert node.outputs() == [(0, 0), (1, 1)]
    node.ctx.calls.clear()
    node.run(x=1)
    node.run(x=2)
    node.run(x=3)
    assert node.outputs() == [(1, 10), (0, 20), (0, 1), (1, 2)]


def one_named_output(x: ts[int]) -> Outputs(only=ts[int]):
    if x > 0:
        return x
    csp.output(only=-x)


def test_return_with_exactly_one_named_output():
    node = Driver(one_named_output)
    assert node.run(x=3) == 3
    assert node.run(x=-3) is UNSET
    assert node.outputs() == [(0, 3)]


def output_call_single(x: ts[int]) -> ts[int]:
    csp.output(x * 2)


def test_output_call_on_single_output():
    node = Driver(output_call_single)
    assert node.run(x=4) is UNSET
    assert node.outputs() == [(0, 8)]


def basket_output(x: ts[int]) -> Outputs(
    total=ts[int], parts=OutputBasket(List[ts[int]], shape=2)
):
    csp.output(parts={0: x})
    csp.output(parts[1], x + 1)
    csp.output(total=x)


def test_basket_outputs():
    node = Driver(basket_output)
    node.run(x=1)
    assert node.outputs() == [(1, {0: 1}), (1, {1: 2}), (0, 1)]
    assert node.compiled.signature.outputs[1].shape == 2


def output_in_expression(x: ts[int]) -> Outputs(a=ts[int], b=ts[int]):
    _ = csp.output(a=x, b=x) if x else None


def test_output_in_expression_position():
    node = Driver(output_in_expression)
    node.run(x=7)
    assert node.outputs() == [(0, 7), (1, 7)]


def sink(x: ts[int]):
    print(x, end="")


def test_node_without_outputs(capsys):
    node = Driver(sink)
    assert node.run(x=5) is UNSET
    assert capsys.readouterr().out == "5"


# ------------------------------------------------------- engine calls


def engine_calls(x: ts[int], y: [ts[int]]) -> ts[object]:
    with csp.start():
        csp.set_buffering_policy(x, tick_count=5)
        csp.make_passive(y)
    if x == 1:
        csp.make_active(y)
        return csp.now()
    if x == 2:
        return csp.value_at(x, -1, default=None)
    if x == 3:
        return csp.num_ticks(y[1])
    if x == 4:
        return (csp.time_at(x, 1), csp.item_at(x), csp.values_at(x, 0, 1), csp.times_at(x), csp.items_at(x))
    if x == 5:
        return csp.value_at(x, index_or_time=-2, duplicate_policy="first")
    if x == 6:
        return csp.values_at(x, end_index_or_time=-1, start_index_policy="exclusive")


def test_engine_calls_are_rewritten_with_positional_arguments():
    node = Driver(engine_calls, baskets={"y": 2})
    assert node.ctx.calls == [("set_buffering_policy", (0, 5, None), {}), ("make_passive", 1)]
    assert node.run(x=1) == NOW
    assert node.ctx.calls[-1] == ("make_active", 1)
    assert node.run(x=2) == ("value_at", (0, -1, None), {})
    assert node.run(x=3) == ("num_ticks", ((1, 1),), {})
    assert node.run(x=4) == (
        ("time_at", (0, 1, UNSET), {}),
        ("item_at", (0, 0, UNSET), {}),
        ("values_at", (0, 0, 1, None, None), {}),
        ("times_at", (0, None, None, None, None), {}),
        ("items_at", (0, None, None, None, None), {}),
    )
    assert node.run(x=5) == ("value_at", (0, -2, UNSET), {"duplicate_policy": "first"})
    assert node.run(x=6) == ("values_at", (0, None, -1, "exclusive", None), {})


def alarm_keywords(x: ts[int]) -> ts[int]:
    with csp.alarms():
        a = csp.alarm(int)
    if csp.ticked(x):
        h = csp.schedule_alarm(a, value=x, when=timedelta(1))
        csp.reschedule_alarm(a, when=NOW, handle=h)
    return 0


def test_alarm_calls_accept_keywords():
    node = Driver(alarm_keywords)
    node.run(x=3)
    assert node.ctx.calls == [("schedule_alarm", 1, timedelta(1), 3), ("reschedule_alarm", 1, 1, NOW)]


# ------------------------------------------------------------ baskets


def basket_node(x: {str: ts[int]}, y: [ts[int]], z: ts[int]) -> ts[object]:
    if csp.ticked(x):
        return ("x", x.tickeditems(), csp.valid(x), csp.ticked(x["b"]), csp.valid(x["a"]))
    if csp.ticked(y[0], z):
        return ("y", list(y.tickedvalues()), csp.valid(y, z))


def test_basket_inputs():
    node = Driver(basket_node, baskets={"x": ["a", "b"], "y": 2})
    node.tick_basket("x", 1, 20)
    assert node.run() == ("x", [("b", 20)], False, True, False)
    node.tick_basket("x", 0, 10)
    assert node.run() == ("x", [("a", 10)], True, False, True)
    node.tick_basket("y", 1, 5)
    assert node.run() is UNSET  # y[1] ticked, not y[0]; z did not tick
    node.tick_basket("y", 0, 4)
    assert node.run() == ("y", [4], False)
    assert node.run(z=1) == ("y", [], True)


# ------------------------------------------------- name resolution


def aliased(x: ts[int], y: ts[int]) -> ts[str]:
    if c.ticked(x):
        return "x"
    if bare_ticked(y):
        return "y"


def test_aliases_are_recognised():
    node = Driver(aliased)
    assert node.run(x=1) == "x"
    assert node.run(y=1) == "y"


def shadowed(x: ts[int]) -> ts[object]:
    def now():
        return "local now"

    return now()


def test_local_names_are_not_node_language():
    assert Driver(shadowed).run(x=1) == "local now"


def nested_binding(x: ts[int]) -> ts[object]:
    def helper():
        bare_ticked = None  # local to helper: does not hide the module-level name
        return bare_ticked

    if bare_ticked(x):
        return helper()


def test_names_bound_in_nested_scopes_do_not_hide_markers():
    assert Driver(nested_binding).run(x=1) is None


def test_marker_outside_node_raises():
    with pytest.raises(RuntimeError, match="csp.ticked can only be used inside a csp.node"):
        csp.ticked(1)
    with pytest.raises(RuntimeError, match="csp.now can only be used inside a csp.node"):
        csp.now()


def test_registered_alias():
    def my_now():
        return "graph time"

    csp.register_alias(my_now, "now")

    def uses_alias(x: ts[int]) -> ts[object]:
        return my_now()

    assert Driver(uses_alias).run(x=1) == NOW
    with pytest.raises(ValueError):
        csp.register_alias(my_now, "not_a_function")


# ------------------------------------------------------------ closures


def make_scaler(factor):
    def scaled(x: ts[int]) -> ts[int]:
        return x * factor + offset

    offset = 1  # assigned after the node is defined: the shared cell sees it
    return compile_node(scaled)


def test_closure_variables():
    node = Driver(make_scaler(3))
    assert node.run(x=2) == 7


def test_closure_cells_are_shared():
    box = []

    def collector(x: ts[int]):
        box.append(x)

    def counter(x: ts[int]) -> ts[int]:
        nonlocal count
        count += x
        return count

    count = 0
    Driver(collector).run(x=9)
    node = Driver(counter)
    node.run(x=2)
    node.run(x=3)
    assert box == [9] and count == 5


def test_user_globals_are_not_modified():
    before = set(globals())
    compile_node(add_one)
    assert set(globals()) == before


class Holder:
    def method_like(x: ts[int]) -> ts[str]:
        text = """
not indented like the code
"""
        return text.strip() + str(x)


def test_indented_definition_with_multiline_string():
    assert Driver(Holder.method_like).run(x=1) == "not indented like the code1"


def test_postponed_annotations(tmp_path, monkeypatch):
    source = textwrap.dedent(
        """
        from __future__ import annotations
        from csp.impl import node_language as csp
        from csp.impl.types import ts

        def generic(x: ts['T'], v: '~T') -> ts['T']:
            if csp.ticked(x):
                return x + v
        """
    )
    (tmp_path / "postponed_mod.py").write_text(source)
    monkeypatch.syspath_prepend(str(tmp_path))
    module = __import__("postponed_mod")
    node = Driver(module.generic, 2)
    assert node.compiled.signature.inputs[0].typ == "T"
    assert node.compiled.signature.scalars[0].typ == "T" and not node.compiled.signature.scalars[0].is_type
    assert node.run(x=1) == 3
    sys.modules.pop("postponed_mod", None)


# ------------------------------------------------- runtime errors & lines


def fails(x: ts[int]) -> ts[int]:
    if x > 0:
        raise ValueError("boom")  # RAISE-LINE
    return x


def test_runtime_errors_point_at_user_line():
    node = Driver(fails)
    with pytest.raises(ValueError) as info:
        node.run(x=1)
    frame = traceback.extract_tb(info.tb)[-1]
    assert frame.filename == __file__
    assert frame.lineno == line_of("RAISE-LINE")
    assert frame.name == "fails"


def test_generated_source_is_available():
    text = compile_node(add_one).generated_source()
    assert "def _csp_impl(_csp_v, _csp_up, _csp_tk, _csp_ctx):" in text
    assert "_csp_o = x + 1" in text


# ------------------------------------------------------------ parse errors


def err_return_in_for(x: ts[int]) -> ts[int]:
    for i in range(x):
        return i  # ERR-FOR


def err_return_in_while(x: ts[int]) -> ts[int]:
    while x:
        if x:
            return  # ERR-WHILE


def err_statement_before_block(x: ts[int]) -> ts[int]:
    y = 1
    with csp.state():  # ERR-BEFORE-BLOCK
        s = 1
    return x


def err_blocks_out_of_order(x: ts[int]) -> ts[int]:
    with csp.start():
        pass
    with csp.state():  # ERR-ORDER
        s = 1
    return x


def err_duplicate_block(x: ts[int]) -> ts[int]:
    with csp.state():
        s = 1
    with csp.state():  # ERR-DUPLICATE
        t = 1
    return x


def err_block_between_statements(x: ts[int]) -> ts[int]:
    with csp.alarms():
        a = csp.alarm(int)
    z = 1
    with csp.state():  # ERR-BETWEEN
        s = 1
    return x


def err_nested_block(x: ts[int]) -> ts[int]:
    if x:
        with csp.stop():  # ERR-NESTED-BLOCK
            pass
    return x


def err_bad_alarm(x: ts[int]) -> ts[int]:
    with csp.alarms():
        a = 5  # ERR-ALARM
    return x


def err_alarm_two_targets(x: ts[int]) -> ts[int]:
    with csp.alarms():
        a, b = csp.alarm(int), csp.alarm(int)  # ERR-ALARM-TARGETS
    return x


def err_alarm_outside_block(x: ts[int]) -> ts[int]:
    a = csp.alarm(int)  # ERR-ALARM-OUTSIDE
    return x


def err_alarm_name_clash(x: ts[int]) -> ts[int]:
    with csp.alarms():
        x = csp.alarm(int)  # ERR-ALARM-CLASH
    return x


def err_single_output_never_emitted(x: ts[int]) -> ts[int]:  # ERR-NO-OUTPUT
    pass


def err_named_output_never_emitted(x: ts[int]) -> Outputs(a=ts[int], b=ts[int]):  # ERR-OUTPUT-B
    csp.output(a=1)


def err_return_without_outputs(x: ts[int]):
    return 1  # ERR-RETURN-NO-OUTPUTS


def err_return_value_multiple_outputs(x: ts[int]) -> Outputs(a=ts[int], b=ts[int]):
    csp.output(a=1, b=2)
    return 1  # ERR-RETURN-MULTI


def err_ticked_unknown(x: ts[int], n: int) -> ts[int]:
    if csp.ticked(x, n):  # ERR-TICKED-UNKNOWN
        return x


def err_valid_expression(x: ts[int]) -> ts[int]:
    if csp.valid(x + 1):  # ERR-VALID-EXPR
        return x


def err_missing_annotation(x: ts[int],
                           y) -> ts[int]:  # ERR-ANNOTATION
    return x


def err_unknown_output(x: ts[int]) -> Outputs(a=ts[int]):
    csp.output(a=1)
    csp.output(b=1)  # ERR-UNKNOWN-OUTPUT


def err_output_on_multiple(x: ts[int]) -> Outputs(a=ts[int], b=ts[int]):
    csp.output(a=1, b=1)
    csp.output(x)  # ERR-OUTPUT-AMBIGUOUS


def err_schedule_non_alarm(x: ts[int]) -> ts[int]:
    csp.schedule_alarm(x, timedelta(1), 1)  # ERR-SCHEDULE
    return x


def err_yield(x: ts[int]) -> ts[int]:
    yield x  # ERR-YIELD


def err_return_in_start(x: ts[int]) -> ts[int]:
    with csp.start():
        return  # ERR-RETURN-START
    return x


def err_passive_element(x: [ts[int]]) -> ts[int]:
    csp.make_passive(x[0])  # ERR-PASSIVE-ELEMENT
    return 1


def err_history_keyword(x: ts[int]) -> ts[int]:
    return csp.value_at(x, index=1)  # ERR-HISTORY-KEYWORD


def err_history_too_many(x: ts[int]) -> ts[int]:
    return csp.value_at(x, 1, 2, 3, 4)  # ERR-HISTORY-MANY


def err_schedule_missing(x: ts[int]) -> ts[int]:
    with csp.alarms():
        a = csp.alarm(int)
    csp.schedule_alarm(a, timedelta(1))  # ERR-SCHEDULE-MISSING
    return x


def err_varargs(*x: ts[int]) -> ts[int]:  # ERR-VARARGS
    return 1


def err_block_arguments(x: ts[int]) -> ts[int]:
    with csp.state() as s:  # ERR-BLOCK-ARGS
        pass
    return x


def err_alarm_type(x: ts[int]) -> ts[int]:
    with csp.alarms():
        a = csp.alarm(NoSuchType)  # ERR-ALARM-TYPE
    return x


def err_output_target(x: ts[int]) -> Outputs(a=ts[int]):
    csp.output(a=1)
    csp.output(x + 1, 2)  # ERR-OUTPUT-TARGET


def err_output_basket_element_of_single(x: ts[int]) -> Outputs(a=ts[int]):
    csp.output(a[0], 2)  # ERR-OUTPUT-NOT-BASKET


@pytest.mark.parametrize(
    "func, marker, message",
    [
        (err_return_in_for, "ERR-FOR", "returning from within a for or while loop is not supported"),
        (err_return_in_while, "ERR-WHILE", "returning from within a for or while loop is not supported"),
        (err_statement_before_block, "ERR-BEFORE-BLOCK", "Invalid usage of state"),
        (err_blocks_out_of_order, "ERR-ORDER", "state must be declared before start"),
        (err_duplicate_block, "ERR-DUPLICATE", "duplicate 'with csp.state()' block"),
        (err_block_between_statements, "ERR-BETWEEN", "Invalid usage of state"),
        (err_nested_block, "ERR-NESTED-BLOCK", "Invalid usage of stop"),
        (err_bad_alarm, "ERR-ALARM", "name = csp.alarm(type)"),
        (err_alarm_two_targets, "ERR-ALARM-TARGETS", "name = csp.alarm(type)"),
        (err_alarm_outside_block, "ERR-ALARM-OUTSIDE", "csp.alarm can only be used in the 'with csp.alarms()' block"),
        (err_alarm_name_clash, "ERR-ALARM-CLASH", "alarm 'x' is already declared"),
        (err_single_output_never_emitted, "ERR-NO-OUTPUT", "no return or csp.output statements"),
        (err_named_output_never_emitted, "ERR-OUTPUT-B", "output 'b' is never returned"),
        (err_return_without_outputs, "ERR-RETURN-NO-OUTPUTS", "returning from node without any outputs defined"),
        (err_return_value_multiple_outputs, "ERR-RETURN-MULTI", "return csp.output(out1=val1, ...)"),
        (err_ticked_unknown, "ERR-TICKED-UNKNOWN", "unrecognized input 'n'"),
        (err_valid_expression, "ERR-VALID-EXPR", "csp.valid expects inputs or alarms by name, got 'x + 1'"),
        (err_missing_annotation, "ERR-ANNOTATION", "must be type annotated"),
        (err_unknown_output, "ERR-UNKNOWN-OUTPUT", "unknown output 'b'"),
        (err_output_on_multiple, "ERR-OUTPUT-AMBIGUOUS", "requires a single output"),
        (err_schedule_non_alarm, "ERR-SCHEDULE", "expects an alarm"),
        (err_yield, "ERR-YIELD", "yield is not supported"),
        (err_return_in_start, "ERR-RETURN-START", "return is not supported in the 'with csp.start()' block"),
        (err_passive_element, "ERR-PASSIVE-ELEMENT", "not a basket element"),
        (err_varargs, "ERR-VARARGS", "*args"),
        (err_history_keyword, "ERR-HISTORY-KEYWORD", "unexpected or repeated argument 'index'"),
        (err_history_too_many, "ERR-HISTORY-MANY", "at most 4 positional arguments"),
        (err_schedule_missing, "ERR-SCHEDULE-MISSING", "missing argument 'value'"),
        (err_block_arguments, "ERR-BLOCK-ARGS", "takes no arguments"),
        (err_alarm_type, "ERR-ALARM-TYPE", "invalid alarm type 'NoSuchType'"),
        (err_output_target, "ERR-OUTPUT-TARGET", "must be an output name"),
        (err_output_basket_element_of_single, "ERR-OUTPUT-NOT-BASKET", "output 'a' is not a basket"),
    ],
)
def test_parse_errors_name_file_and_line(func, marker, message):
    with pytest.raises(CspParseError) as info:
        compile_node(func)
    error = info.value
    assert message in error.msg
    assert error.filename == __file__
    assert error.lineno == line_of(marker)
    assert str(error) == error.msg
    assert error.__notes__ == [f'File "{__file__}", line {error.lineno}']


def test_parse_error_str_is_the_message_and_the_location_a_note():
    assert str(CspParseError("bad")) == "bad"
    assert not getattr(CspParseError("bad"), "__notes__", None)
    located = CspParseError("bad", "f.py", 3)
    assert str(located) == "bad"
    assert located.__notes__ == ['File "f.py", line 3']
    assert CspParseError("bad", "f.py").__notes__ == ['File "f.py", line ?']


def test_source_not_available():
    namespace = {"ts": ts}
    exec("def dynamic(x: ts[int]) -> ts[int]:\n    return x\n", namespace)
    with pytest.raises(CspParseError, match="source code not available"):
        compile_node(namespace["dynamic"])
