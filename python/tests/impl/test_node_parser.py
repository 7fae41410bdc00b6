"""Tests for csp.impl.node_parser: compiled generators driven by a fake engine.

Nodes are defined in this file (the compiler reads their source). ``csp``
below is the node-language module, as ``csp/__init__.py`` re-exports it.
"""

import dataclasses
import sys
import textwrap
import traceback
from datetime import timedelta
from typing import List

import pytest

import csp.impl.node_language as c
from csp.impl import node_language as csp
from csp.impl.node_language import ticked as bare_ticked
from csp.impl.node_parser import UNSET, compile_node
from csp.impl.types import OutputBasket, Outputs, TsKind, ts
from node_driver import NOW, Driver, marker_line


def line_of(marker):
    return marker_line(__file__, marker)


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


def reassigns(x: ts[int], y: ts[int]) -> ts[int]:
    x = x + 100  # the local keeps this value until x ticks again
    return x + y


def test_reassigned_input_keeps_its_local_until_it_ticks_again():
    node = Driver(reassigns)
    assert node.run(x=1, y=0) == 101  # both ticked: resumed with a tuple
    assert node.run(y=1) == 202  # only y: x keeps the reassigned 101
    assert node.run(x=5) == 106  # only x: reloaded from the engine
    assert node.run(x=7, y=3) == 110


def test_generator_is_resumed_with_all_values_or_none():
    source = compile_node(reassigns).generated_source()
    assert "x, y = _csp_in" in source  # every value at once
    assert "if _csp_up[1]:" in source  # or only the flagged ones

    def one_input(x: ts[int]) -> ts[int]:
        return x

    assert "x = (yield x)" in compile_node(one_input).generated_source()


def test_a_node_that_rebinds_no_input_settles():
    compiled = compile_node(reads_y)
    assert compiled.all_valid is not None
    source = compiled.generated_source()
    assert "while _csp_in is not _csp_ALL_VALID:" in source  # loads what changed until all are valid
    assert "if _csp_up[1]:" in source
    assert "x, y = _csp_v" in source  # then every value, each execution


def sums_when_valid(x: ts[int], y: ts[int]) -> ts[int]:
    if csp.valid(x, y):
        return x + y
    if csp.valid(y):
        return y


def test_settled_loop_has_no_validity_tests():
    source = compile_node(sums_when_valid).generated_source()
    loading, settled = source.split("x, y = _csp_v")
    assert "is not _csp_UNSET" in loading
    assert "is not _csp_UNSET" not in settled


def test_settling_node_runs_like_the_engine():
    node = Driver(sums_when_valid)
    assert node.run(y=2) == 2  # x not valid yet
    assert not node.settled
    assert node.run(x=1) == 3 and node.settled
    assert node.run(y=5) == 6  # x kept
    assert node.run(x=10) == 15


def test_settling_node_driven_without_all_valid_loads_its_inputs():
    node = Driver(dataclasses.replace(compile_node(sums_when_valid), all_valid=None))
    assert node.run(y=2) == 2
    assert node.run(x=1, y=3) == 4  # all changed: resumed with the values
    assert node.run(x=5) == 8 and not node.settled


def rebinds_in_nested_scope(x: ts[int], y: ts[int]) -> ts[int]:
    def bump():
        nonlocal x
        x += 1

    bump()
    return x + y


def deletes(x: ts[int], y: ts[int]) -> ts[int]:
    if csp.ticked(x):
        del x
        return y
    return y


def imports_as(x: ts[int], y: ts[int]) -> ts[int]:
    import math as x

    return int(x.floor(y))


def with_basket(x: ts[int], xs: [ts[int]], y: ts[int]) -> ts[int]:
    return x + y


@pytest.mark.parametrize("func", [reassigns, rebinds_in_nested_scope, deletes, imports_as, with_basket])
def test_a_node_that_rebinds_an_input_or_has_a_basket_does_not_settle(func):
    assert compile_node(func).all_valid is None


def test_input_rebound_in_a_nested_scope_keeps_its_value():
    node = Driver(rebinds_in_nested_scope)
    assert node.run(x=1, y=0) == 2
    assert node.run(y=10) == 13  # x is the local bumped twice, not the input's 1


FINALLY_RAN = []


def returns_in_try(x: ts[int]) -> ts[int]:
    try:
        return x
    finally:
        FINALLY_RAN.append(x)


def test_a_return_within_try_runs_the_finally_block_before_the_value_is_handed_over():
    FINALLY_RAN.clear()
    node = Driver(returns_in_try)
    assert node.run(x=1) == 1
    assert FINALLY_RAN == [1]
    assert node.run(x=2) == 2
    assert FINALLY_RAN == [1, 2]


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


def with_annotated_alarms(x: ts[int]) -> ts[str]:
    with csp.alarms():
        a: ts[str] = csp.alarm(str)
        b: ts[bool] = csp.alarm(typ=bool)
    if csp.ticked(a):
        return a
    if csp.ticked(b):
        return "b"


def test_alarms_declared_with_an_annotation():
    sig = Driver(with_annotated_alarms).compiled.signature
    assert [(a.name, a.typ) for a in sig.alarms] == [("a", str), ("b", bool)]
    node = Driver(with_annotated_alarms)
    assert node.run(a="hi") == "hi"
    assert node.run(b=True) == "b"


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
    assert "x = (yield (x + 1))" in text  # one input: each yield assigns it


def test_ticked_slots_lists_the_inputs_whose_ticked_flag_the_code_reads():
    assert compile_node(conditional).ticked_slots == {0, 1}
    assert compile_node(reads_y).ticked_slots == frozenset()
