"""csp.Enum and csp.DynamicEnum (expected values taken from the reference csp package)."""

import pickle
from datetime import datetime, timedelta

import pytest

import csp
from csp import ts


class Side(csp.Enum):
    BUY = 1
    SELL = 5
    CROSS = csp.Enum.auto()


class Auto(csp.Enum):
    A = csp.Enum.auto()
    B = csp.Enum.auto()


Dyn = csp.DynamicEnum("Dyn", ["X", "Y"], module_name=__name__)


def test_members_names_values():
    assert list(Side) == [Side.BUY, Side.SELL, Side.CROSS]
    assert [m.value for m in Side] == [1, 5, 6]
    assert [m.value for m in Auto] == [0, 1]
    assert Side.BUY.name == "BUY" and Side.BUY.value == 1 and type(Side.BUY.value) is int
    assert len(Side) == 3 and list(Side.__members__) == ["BUY", "SELL", "CROSS"]


def test_str_repr_format():
    assert str(Side.BUY) == "Side.BUY" and f"{Side.BUY}" == "Side.BUY"
    assert repr(Side.BUY) == "<Side.BUY: 1>"


def test_lookup():
    assert Side(5) is Side.SELL and Side["SELL"] is Side.SELL and Side("SELL") is Side.SELL
    with pytest.raises(ValueError, match="7 is not a valid Side"):
        Side(7)
    with pytest.raises(KeyError):
        Side["NOPE"]


def test_int_behaviour_but_identity_equality():
    assert isinstance(Side.BUY, int) and int(Side.SELL) == 5 and Side.BUY + 1 == 2
    assert Side.BUY < Side.SELL
    assert Side.BUY == Side.BUY and Side.BUY != 1 and not (Side.BUY == 1)
    assert hash(Side.BUY) == hash(1)
    assert {Side.BUY: "x"}[Side.BUY] == "x"


def test_values_must_be_ints():
    with pytest.raises(ValueError):
        class Bad(csp.Enum):
            A = "x"
    with pytest.raises(TypeError):
        class Extended(Side):
            OTHER = 9


def test_aliases():
    class Aliased(csp.Enum):
        A = 1
        B = 1

    assert list(Aliased) == [Aliased.A] and Aliased.B is Aliased.A


def test_dynamic_enum():
    assert [(m.name, m.value) for m in Dyn] == [("X", 0), ("Y", 1)]
    assert issubclass(Dyn, csp.Enum) and str(Dyn.X) == "Dyn.X"
    d2 = csp.DynamicEnum("D2", {"P": 3, "Q": 7})
    assert [m.value for m in d2] == [3, 7]
    d3 = csp.DynamicEnum("D3", ["A", "B"], start=10)
    assert [m.value for m in d3] == [10, 11]


def test_pickle():
    assert pickle.loads(pickle.dumps(Side.CROSS)) is Side.CROSS
    assert pickle.loads(pickle.dumps(Dyn.Y)) is Dyn.Y


def test_enum_in_struct_and_graph():
    class Order(csp.Struct):
        side: Side

    @csp.node
    def flip(s: ts[Side]) -> ts[Side]:
        return Side.SELL if s is Side.BUY else Side.BUY

    def graph():
        sides = csp.curve(Side, [(timedelta(0), Side.BUY), (timedelta(1), Side.SELL)])
        csp.add_graph_output("flipped", flip(sides))
        csp.add_graph_output("orders", Order.fromts(side=sides).side)
        csp.add_graph_output("const", csp.const(Dyn.Y))

    start = datetime(2020, 1, 1)
    res = csp.run(graph, starttime=start, endtime=timedelta(5))
    assert res["flipped"] == [(start, Side.SELL), (start + timedelta(1), Side.BUY)]
    assert res["orders"] == [(start, Side.BUY), (start + timedelta(1), Side.SELL)]
    assert res["const"] == [(start, Dyn.Y)]
    assert Order(side=Side.BUY).to_dict() == {"side": "BUY"}
