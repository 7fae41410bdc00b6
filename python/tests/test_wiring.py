"""Wiring errors name the node, the argument and the user's line; memoization."""

from datetime import datetime

import pytest

import csp
from csp import ts

START = datetime(2022, 1, 1)


@csp.node
def add_one(x: ts[float]) -> ts[float]:
    return x + 1


def test_a_wrong_input_type_names_node_argument_and_line():
    with pytest.raises(TypeError) as info:
        add_one(csp.const("text"))
    message = str(info.value)
    assert "add_one" in message and "'x'" in message and "test_wiring.py" in message


def test_a_missing_argument_names_the_node():
    with pytest.raises(TypeError, match="add_one"):
        add_one()


def test_a_scalar_where_a_time_series_is_expected():
    with pytest.raises(TypeError, match="expected a time series"):
        add_one(1.0)


def test_ints_are_upcast_to_float_inputs():
    assert csp.run(add_one, csp.const(1), starttime=START)[0] == [(START, 2.0)]


def test_generic_nodes_resolve_their_type_variables():
    @csp.node
    def first(x: ts["T"], y: ts["T"]) -> ts["T"]:
        return x

    edge = first(csp.const(1), csp.const(2.5))
    assert edge.tstype == ts[float]
    assert first.using(T=int)(csp.const(1), csp.const(2)).tstype == ts[int]


def test_nodes_are_memoized_within_a_graph():
    @csp.graph
    def g():
        x = csp.const(1.0)
        assert add_one(x) is add_one(x)
        return add_one(x)

    csp.run(g, starttime=START)


def test_calling_a_node_inside_a_running_node_is_an_error():
    @csp.node
    def calls_a_node(x: ts[float]) -> ts[float]:
        return add_one(x)  # x is a float here, not an edge

    with pytest.raises(TypeError, match="expected a time series"):
        csp.run(calls_a_node, csp.const(1.0), starttime=START)


def test_wiring_functions_are_rejected_inside_node_bodies():
    with pytest.raises(csp.CspParseError, match="invalid csp call csp.const"):
        @csp.node
        def wires(x: ts[int]) -> ts[int]:
            return csp.const(x)


def test_return_inside_a_loop_is_a_parse_error_with_the_line():
    with pytest.raises(csp.CspParseError) as info:
        @csp.node
        def bad(x: ts[int]) -> ts[int]:
            for i in range(3):
                return i

    assert info.value.filename.endswith("test_wiring.py")
    assert "test_wiring.py" in info.value.__notes__[0]


def test_an_output_never_emitted_is_a_parse_error():
    with pytest.raises(csp.CspParseError):
        @csp.node
        def silent(x: ts[int]) -> csp.Outputs(a=ts[int], b=ts[int]):
            csp.output(a=x)


def test_an_extra_positional_argument_is_an_error():
    # The reference silently ignores it; see tests/semantics/differences/164.
    with pytest.raises(TypeError, match="add_one"):
        add_one(csp.const(1.0), csp.const(2.0))


GLOBAL_SCALE = 1


@csp.node
def scaled(x: ts[int]) -> ts[int]:
    return x * GLOBAL_SCALE


def test_node_bodies_read_module_globals_when_they_run():
    # The reference snapshots globals at definition; see tests/semantics/differences/087.
    global GLOBAL_SCALE
    GLOBAL_SCALE = 3
    try:
        assert csp.run(scaled, csp.const(2), starttime=START)[0] == [(START, 6)]
    finally:
        GLOBAL_SCALE = 1


# ---------------------------------------------------------------- scalar spellings

def test_a_number_for_a_timedelta_scalar_is_seconds_for_nodes_and_graphs():
    from datetime import timedelta
    from typing import Optional

    @csp.node
    def show(x: ts[int], d: timedelta, e: Optional[timedelta] = None) -> ts[object]:
        if csp.ticked(x):
            return (d, e)

    @csp.graph
    def g(d: timedelta) -> ts[object]:
        return show(csp.const(1), d, d)

    start = datetime(2022, 1, 1)
    assert csp.run(show, csp.const(1), 2.5, starttime=start)[0][0][1] == (timedelta(seconds=2.5), None)
    assert csp.run(g, 3, starttime=start)[0][0][1] == (timedelta(seconds=3), timedelta(seconds=3))
    with pytest.raises(TypeError, match="argument 'd': expected a value of type datetime.timedelta, got True"):
        csp.run(show, csp.const(1), True, starttime=start)
    with pytest.raises(TypeError, match="argument 'd'"):
        csp.run(show, csp.const(1), "3", starttime=start)


def test_a_bool_series_feeds_int_inputs_and_ticks_int_outputs_as_numbers_but_not_float_inputs():
    @csp.node
    def passthrough(a: ts[int]) -> ts[int]:
        if csp.ticked(a):
            return a

    @csp.node
    def to_float(a: ts[float]) -> ts[float]:
        if csp.ticked(a):
            return a

    @csp.node
    def pick(a: ts["T"], b: ts["T"]) -> ts["T"]:
        if csp.ticked(a):
            return a
        return b

    start = datetime(2022, 1, 1)
    [(_, value)] = csp.run(passthrough, csp.const(True), starttime=start)[0]
    assert value == 1 and type(value) is int
    assert csp.run(pick, csp.const(False), csp.const(2), starttime=start)[0][0][1] == 0
    with pytest.raises(TypeError, match=r"argument 'a': expected ts\[float\], got ts\[bool\]"):
        csp.run(to_float, csp.const(True), starttime=start)
    with pytest.raises(TypeError, match="Conflicting type resolution for T: bool and float"):
        csp.run(pick, csp.const(True), csp.const(1.5), starttime=start)
