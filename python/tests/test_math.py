"""Math nodes and Edge operators."""

from datetime import datetime, timedelta

import pytest

import csp

START = datetime(2022, 1, 1)


def values_of(edge):
    return [v for _, v in csp.run(edge, starttime=START)[0]]


def test_binary_nodes_tick_once_both_inputs_are_valid():
    x = csp.curve(int, [(timedelta(seconds=1), 6), (timedelta(seconds=3), 8)])
    y = csp.curve(int, [(timedelta(seconds=2), 3)])
    assert values_of(x + y) == [9, 11]
    assert values_of(x / y) == [2.0, 8 / 3]  # int / int is a float
    assert values_of(x // y) == [2, 2]
    assert values_of(x % y) == [0, 2]


def test_mixed_int_and_float_upcast_and_scalars_become_consts():
    x = csp.const(3)
    assert values_of(x * 1.5) == [4.5]
    assert values_of(2 - x) == [-1]
    assert values_of(csp.max(x, csp.const(4.0))) == [4.0]


def test_comparisons_and_unary():
    x = csp.const(2.0)
    assert values_of(x > 1) == [True]
    assert values_of(x == 2.0) == [True]
    assert values_of(-x) == [-2.0]
    assert values_of(abs(csp.const(-3))) == [3]
    assert values_of(csp.exp(csp.const(0))) == [1.0]
    assert values_of(csp.not_(csp.const(False))) == [True]


def test_other_types_fall_back_to_python_operators():
    assert values_of(csp.const("a") + csp.const("b")) == ["ab"]
    assert values_of(csp.const(datetime(2022, 1, 2)) - csp.const(START)) == [timedelta(days=1)]
    assert values_of(csp.const(2) ** 3) == [8]


def test_an_edge_has_no_truth_value():
    with pytest.raises(ValueError, match="boolean evaluation"):
        bool(csp.const(1))
