"""Public names beyond the core API: errors and settings, struct helpers, delayed nodes, n-ary logic,
user-defined operators, structs from data, and the csp.impl.wiring import paths."""

import inspect
import io
import logging
from datetime import datetime, timedelta, timezone

import pytest

import csp
import csp.math
from csp import ts
from csp.impl.struct import define_nested_struct, define_struct

START = datetime(2022, 1, 1)


def _curve(typ, points):
    return csp.curve(typ, [(timedelta(seconds=s), v) for s, v in points])


def _run(g):
    return csp.run(g, starttime=START, endtime=timedelta(seconds=10))


def _at(seconds):
    return START + timedelta(seconds=seconds)


class Quote(csp.Struct):
    bid: float
    ask: float


# ---------------------------------------------------------------- errors, sentinels and settings

def test_output_type_error_is_a_type_error_with_a_default_message():
    assert issubclass(csp.OutputTypeError, TypeError)
    assert str(csp.OutputTypeError()) == "Output malformed"
    assert str(csp.OutputTypeError("bad output")) == "bad output"


def test_unset_is_one_sentinel_shared_by_the_import_paths():
    from csp.impl.constants import UNSET

    assert csp.UNSET is UNSET and csp.UNSET is not None


def test_error_reporting_switches_return_or_accept_values_as_the_reference():
    assert csp.set_print_full_exception_stack(True) is False
    assert csp.set_print_full_exception_stack(False) is True
    assert csp.set_capture_cpp_backtrace() is None
    assert csp.set_capture_cpp_backtrace(False) is None


def _log_lines(g):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s|%(message)s"))
    loggers = [logging.getLogger(name) for name in ("csp", "other")]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    try:
        csp.run(g, starttime=START, endtime=timedelta(seconds=1))
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    return stream.getvalue().splitlines()


def test_log_settings_choose_the_default_logger_and_time_zone_of_csp_log():
    def g():
        csp.log(logging.INFO, "x", csp.const(1))

    assert _log_lines(g) == ["csp|2022-01-01 00:00:00 x:1"]
    with csp.LogSettings.with_set("other", timezone(timedelta(hours=-5))):
        assert csp.LogSettings.get_instance().logger.name == "other"
        assert _log_lines(g) == ["other|2021-12-31 19:00:00-05:00 x:1"]
    assert csp.LogSettings.get_instance().logger.name == "csp"
    assert not csp.LogSettings.has_queue()


# ---------------------------------------------------------------- struct helpers and wrap_feedback

def test_struct_fromts_collectts_and_field_as_functions():
    def g():
        bid = _curve(float, [(1, 1.0), (2, 2.0)])
        ask = _curve(float, [(2, 3.0)])
        csp.add_graph_output("fromts", csp.struct_fromts(Quote, {"bid": bid, "ask": ask}))
        csp.add_graph_output("trig", csp.struct_fromts(Quote, {"bid": bid}, trigger=ask))
        csp.add_graph_output("trig_field", csp.struct_fromts(Quote, {"bid": bid, "ask": ask}, trigger=ask))
        collected = csp.struct_collectts(Quote, {"bid": bid, "ask": ask})
        csp.add_graph_output("collect", collected)
        csp.add_graph_output("field", csp.struct_field(collected, "ask", float))

    out = _run(g)
    assert out["fromts"] == [(_at(1), Quote(bid=1.0)), (_at(2), Quote(bid=2.0, ask=3.0))]
    assert out["trig"] == [(_at(2), Quote(bid=2.0))]
    assert out["trig_field"] == [(_at(2), Quote(bid=2.0, ask=3.0))]  # the trigger may also fill a field
    assert out["collect"] == [(_at(1), Quote(bid=1.0)), (_at(2), Quote(bid=2.0, ask=3.0))]
    assert out["field"] == [(_at(2), 3.0)]


def test_get_basket_field_maps_a_dict_basket_of_structs_to_a_field():
    def g():
        basket = {"a": csp.const(Quote(bid=1.0, ask=2.0)), "b": csp.const(Quote(bid=5.0))}
        bids = csp.get_basket_field(basket, "bid")
        assert list(bids) == ["a", "b"]
        csp.add_graph_output("a", bids["a"])
        csp.add_graph_output("asks", csp.get_basket_field(basket, "ask")["b"])

    out = _run(g)
    assert out == {"a": [(START, 1.0)], "asks": []}
    with pytest.raises(TypeError, match="dict_basket"):
        csp.build_graph(lambda: csp.get_basket_field([csp.const(Quote())], "bid"))


def test_wrap_feedback_ticks_the_same_values_at_the_same_times():
    @csp.node
    def seen_before(x: ts[int], y: ts[int]) -> ts[str]:
        return "x" if csp.ticked(x) else "y"

    def g():
        x = _curve(int, [(1, 1), (3, 3)])
        wrapped = csp.wrap_feedback(x)
        csp.add_graph_output("w", wrapped)
        csp.add_graph_output("order", seen_before(x, wrapped))

    out = _run(g)
    assert out["w"] == [(_at(1), 1), (_at(3), 3)]
    # the feedback ticks in a later cycle of the same time: the node runs twice, x first
    assert out["order"] == [(_at(1), "x"), (_at(1), "y"), (_at(3), "x"), (_at(3), "y")]


# ---------------------------------------------------------------- delayed nodes

def test_delayed_collect_gathers_inputs_added_after_its_output_is_used():
    def g():
        collector = csp.DelayedCollect(int)
        out = collector.output()
        assert out.tstype == ts[list[int]] or "List[int]" in str(out.tstype)
        csp.add_graph_output("c", out)
        for i in range(3):
            collector.add_input(_curve(int, [(1, i), (2 + i, 10 * i)]))

    assert _run(g)["c"] == [(_at(1), [0, 1, 2]), (_at(2), [0]), (_at(3), [10]), (_at(4), [20])]


def test_delayed_collect_without_inputs_is_null_or_an_error():
    def null_graph():
        csp.add_graph_output("c", csp.DelayedCollect(int, default_to_null=True).output())

    assert _run(null_graph) == {"c": []}
    with pytest.raises(RuntimeError, match="unbound DelayedEdge"):
        _run(lambda: csp.print("c", csp.DelayedCollect(int).output()))


def test_delayed_demultiplex_wires_only_the_requested_keys():
    def g(raise_on_bad_key=False):
        x = _curve(int, [(1, 1), (2, 2), (3, 3)])
        key = _curve(str, [(1, "a"), (2, "b"), (3, "z")])
        demux = csp.DelayedDemultiplex(x, key, raise_on_bad_key=raise_on_bad_key)
        a = demux.demultiplex("a")
        assert demux.demultiplex("a") is a
        csp.add_graph_output("a", a)
        csp.add_graph_output("b", demux.demultiplex("b"))

    assert _run(g) == {"a": [(_at(1), 1)], "b": [(_at(2), 2)]}
    with pytest.raises(ValueError, match="z"):
        csp.run(g, True, starttime=START, endtime=timedelta(seconds=10))


def test_delayed_nodes_are_graph_time_constructs():
    with pytest.raises(RuntimeError, match="Delayed node must be created under a wiring context"):
        csp.DelayedCollect(int)


# ---------------------------------------------------------------- logic and user-defined operators

def test_and_or_take_any_number_of_bool_series():
    def g():
        a = _curve(bool, [(1, True), (2, False), (3, True)])
        b = _curve(bool, [(1, True), (3, True)])
        c = _curve(bool, [(2, True), (3, False)])
        csp.add_graph_output("and", csp.and_(a, b, c))
        csp.add_graph_output("or", csp.or_(a, b, c))
        csp.add_graph_output("one", csp.and_(a))

    out = _run(g)
    assert out["and"] == [(_at(2), False), (_at(3), False)]  # no tick before all three are valid
    assert out["or"] == [(_at(2), True), (_at(3), True)]
    assert out["one"] == [(_at(1), True), (_at(2), False), (_at(3), True)]
    assert str(inspect.signature(csp.and_)) == "(*inputs)"
    with pytest.raises(TypeError, match="input 1 must be a ts\\[bool\\]"):
        csp.build_graph(lambda: csp.and_(csp.const(True), csp.const(1)))
    with pytest.raises(TypeError):
        csp.build_graph(lambda: csp.or_())


def test_define_binary_and_unary_op():
    def combine(x, y):
        return x * 10 + y

    weird = csp.math.define_binary_op("weird", combine)
    assert csp.math.define_binary_op("weird", combine) is weird  # cached by (name, function)
    halve = csp.math.define_unary_op("halve", lambda x: x / 2)
    add = csp.math.define_binary_op("add", lambda x, y: 0)  # a csp.math name: that operator

    def g():
        x = _curve(int, [(1, 1), (2, 2)])
        y = _curve(int, [(2, 5)])
        csp.add_graph_output("weird", weird(x, y))
        csp.add_graph_output("halve", halve(x))
        csp.add_graph_output("add", add(x, y))
        assert add(x, y).tstype == ts[int]

    out = _run(g)
    assert out == {"weird": [(_at(2), 25)], "halve": [(_at(1), 0.5), (_at(2), 1.0)], "add": [(_at(2), 7)]}
    assert csp.math.define_unary_op("abs", abs) is csp.math.define_unary_op("abs", abs)


# ---------------------------------------------------------------- structs from data

def test_define_struct_matches_a_class_statement():
    Point = define_struct("Point", {"x": int, "y": float}, {"y": 0.5})
    assert Point.__name__ == "Point" and issubclass(Point, csp.Struct)
    assert Point.metadata() == {"x": int, "y": float}
    assert str(Point(x=1)) == "Point( x=1, y=0.5 )"
    Point3 = define_struct("Point3", {"z": int}, base=Point)
    assert Point3.metadata() == {"x": int, "y": float, "z": int}
    Strict = define_struct("Strict", {"a": int}, strict=True)
    with pytest.raises(ValueError, match="required fields \\[a\\]"):
        Strict()
    with pytest.raises(TypeError, match="struct field 'a' expected field annotation as a type got 'int'"):
        define_struct("Bad", {"a": 1})


def test_define_nested_struct_makes_a_struct_per_nested_dict():
    Order = define_nested_struct("Order", {"id": int, "leg": {"px": float, "venue": {"name": str}}},
                                 {"leg": {"px": 1.0}})
    leg = Order.metadata()["leg"]
    assert leg.__name__ == "Order_leg" and leg.metadata()["venue"].__name__ == "Order_leg_venue"
    assert str(Order()) == "Order( id=<unset>, leg=Order_leg( px=1.0, venue=<unset> ) )"


# ---------------------------------------------------------------- import paths

def test_names_the_reference_documents_under_csp_impl_wiring():
    from csp.impl.wiring import (DelayedEdge, Edge, build_graph, graph, new_global_context, node,
                                 py_managed_adapter_def, py_output_adapter_def, py_pull_adapter_def,
                                 py_push_adapter_def, run)

    assert (node, graph, run, build_graph, Edge, DelayedEdge) == (csp.node, csp.graph, csp.run, csp.build_graph,
                                                                 csp.Edge, csp.DelayedEdge)
    assert new_global_context is csp.new_global_context
    assert all(callable(f) for f in (py_managed_adapter_def, py_output_adapter_def, py_pull_adapter_def,
                                     py_push_adapter_def))
    from csp.impl.mem_cache import csp_memoized, memoize

    assert (csp_memoized, memoize) == (csp.csp_memoized, csp.memoize)
    from csp.baselib import DelayedCollect, DelayedDemultiplex, LogSettings, get_basket_field, wrap_feedback

    assert (DelayedCollect, DelayedDemultiplex, LogSettings, get_basket_field, wrap_feedback) == (
        csp.DelayedCollect, csp.DelayedDemultiplex, csp.LogSettings, csp.get_basket_field, csp.wrap_feedback)
    from csp.impl.error_handling import set_print_full_exception_stack

    assert set_print_full_exception_stack is csp.set_print_full_exception_stack


def test_struct_field_gives_the_field_type_or_float_for_an_int_field_and_refuses_others():
    class Holder(csp.Struct):
        a: int

    def graph():
        x = csp.const(Holder(a=2))
        as_int, as_float = csp.struct_field(x, "a", int), csp.struct_field(x, "a", float)
        assert as_int.tstype.typ is int and as_float.tstype.typ is float
        with pytest.raises(TypeError, match="field 'a' of Holder is int, not str"):
            csp.struct_field(x, "a", str)
        csp.add_graph_output("f", as_float)

    [(_, value)] = csp.run(graph, starttime=datetime(2022, 1, 1))["f"]
    assert value == 2.0 and type(value) is float
