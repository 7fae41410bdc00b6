"""csp.Struct: fields, validation, strictness, inheritance, copying, conversions, and structs in graphs.

Expected values were taken from running the reference csp package.
"""

import copy
import json
import math
import pickle
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Dict, List, Optional

import pytest

import csp
from csp import ts


class Color(csp.Enum):
    RED = 1
    GREEN = 2


class Point(csp.Struct):
    x: float
    y: float = 0.0


class Trade(csp.Struct):
    price: float
    qty: int = 1
    sym: str
    tags: List[str]
    note: Optional[int] = None
    color: Color


class Wrapper(csp.Struct):
    trade: Trade
    trades: List[Trade]
    when: datetime
    span: timedelta
    day: date
    clock: time
    blob: bytes
    anything: object
    mapping: Dict[str, int]


class Base(csp.Struct):
    a: int


class Derived(Base):
    b: float = 2.5


class Sibling(Base):
    c: str


class StrictPair(csp.Struct, strict=True):
    a: int
    b: Optional[int]
    c: Optional[int] = None
    d: int = 2


class StrictChild(StrictPair, strict=True):
    e: str


class Mutable(csp.Struct):
    items: list = []
    nums: List[int] = [1]


ST = datetime(2020, 1, 1)


# ------------------------------------------------------------------ fields and defaults

def test_fields_defaults_and_unset():
    t = Trade(price=1.5, sym="AAPL")
    assert t.price == 1.5 and t.qty == 1 and t.note is None
    with pytest.raises(AttributeError):
        t.tags
    assert not hasattr(t, "color")
    assert getattr(t, "color", "dflt") == "dflt"
    del t.price
    assert not hasattr(t, "price")
    del t.price  # deleting an unset field is a no-op


def test_repr_and_str():
    t = Trade(price=1.5, sym="AAPL", tags=["a", "b"], color=Color.RED)
    assert repr(t) == "Trade( price=1.5, qty=1, sym=AAPL, tags=[a, b], note=None, color=<Color.RED: 1> )"
    assert str(Trade(price=1.0)) == ("Trade( price=1.0, qty=1, sym=<unset>, tags=<unset>, note=None, "
                                     "color=<unset> )")
    assert repr(Point()) == "Point( y=0.0 )"
    p = Point()
    p.clear()
    assert repr(p) == "Point(  )" and str(p) == "Point( x=<unset>, y=<unset> )"
    w = Wrapper(trades=[Trade()], anything=[1, "a"], when=datetime(2020, 1, 2), blob=b"x")
    assert repr(w) == ("Wrapper( trades=[Trade( qty=1, note=None )], when=datetime.datetime(2020, 1, 2, 0, 0), "
                       "blob=b'x', anything=[1, 'a'] )")
    assert str(w).startswith("Wrapper( trade=<unset>, trades=[Trade( price=<unset>, qty=1, sym=<unset>")
    assert repr(Point(x=1e20)) == "Point( x=1e+20, y=0.0 )"


def test_unknown_fields_and_positional_arguments():
    with pytest.raises(AttributeError, match="'Point' object has no attribute 'z'"):
        Point(z=1)
    with pytest.raises(AttributeError, match="no attribute 'z'"):
        Point().z = 1
    with pytest.raises(TypeError, match="takes 0 positional arguments but 1 were given"):
        Point(1.0)


def test_mutable_defaults_are_copied():
    m1, m2 = Mutable(), Mutable()
    assert m1.items == [] and m1.items is not m2.items and m1.nums is not m2.nums
    m1.nums.append(2)
    assert m2.nums == [1]


# ------------------------------------------------------------------ validation

@pytest.mark.parametrize("field, value, message", [
    ("price", "x", "on field 'price' : Invalid float type, expected float got str"),
    ("qty", 1.5, "on field 'qty' : Invalid int type, expected long (int) got float"),
    ("qty", None, "on field 'qty' : Invalid int type, expected long (int) got NoneType"),
    ("sym", 1, "on field 'sym' : Invalid string type, expected str got int"),
    ("tags", ["a", 1], "on field 'tags' : Invalid string type, expected str got int"),
    ("tags", 5, "on field 'tags' : Invalid list / iterator type, expected list or iterator got int"),
    ("color", 1, "on field 'color' : Invalid enum type, expected enum type Color got int"),
])
def test_wrong_type_names_struct_field_and_type(field, value, message):
    with pytest.raises(TypeError) as info:
        setattr(Trade(), field, value)
    assert message in str(info.value) and "Trade" in str(info.value)
    with pytest.raises(TypeError, match="Trade"):
        Trade(**{field: value})


def test_conversions():
    t = Trade(price=3, qty=True, sym=b"ab", tags=("a", "b"))
    assert t.price == 3.0 and type(t.price) is float
    assert t.qty == 1 and type(t.qty) is int
    assert t.sym == "ab" and t.tags == ["a", "b"]
    w = Wrapper(blob="xy", day=datetime(2020, 1, 2, 3))
    assert w.blob == b"xy" and w.day == date(2020, 1, 2) and type(w.day) is date
    t.note = "anything"  # a non-strict Optional field is not checked
    assert t.note == "anything"


@pytest.mark.parametrize("field, value, expected", [
    ("trade", 5, "Invalid struct type, expected struct Trade got int"),
    ("trade", Point(), "expected struct Trade got .*Point"),
    ("when", date(2020, 1, 1), "Invalid datetime type, expected datetime got datetime.date"),
    ("span", 1, "Invalid timedelta type, expected timedelta got int"),
    ("clock", "x", "Invalid time type, expected time got str"),
    ("mapping", [1], "Invalid dict type, expected dict got list"),
])
def test_wrong_types_of_other_kinds(field, value, expected):
    with pytest.raises(TypeError, match=expected):
        setattr(Wrapper(), field, value)


def test_bool_field_rejects_int():
    class Flag(csp.Struct):
        on: bool

    with pytest.raises(TypeError, match="Invalid bool type, expected bool got int"):
        Flag(on=1)


def test_typed_list_validates_mutations():
    t = Trade(tags=["a"])
    t.tags.append("b")
    t.tags += ["c"]
    t.tags[0] = "z"
    assert t.tags == ["z", "b", "c"]
    with pytest.raises(TypeError, match="Invalid string type"):
        t.tags.append(1)
    with pytest.raises(TypeError):
        t.tags.extend([2])
    assert t.tags == ["z", "b", "c"]

    class Floats(csp.Struct):
        v: List[float]

    f = Floats(v=[1, 2.5])
    f.v.append(3)
    assert f.v == [1.0, 2.5, 3.0] and all(type(x) is float for x in f.v)


def test_bad_default_and_annotations_fail_at_class_creation():
    with pytest.raises(TypeError, match="Invalid int type"):
        class BadDefault(csp.Struct):
            a: int = "x"
    with pytest.raises(TypeError, match="at least 1 field"):
        class Empty(csp.Struct):
            pass
    with pytest.raises(TypeError, match="expected field annotation as a type"):
        class BadAnnotation(csp.Struct):
            a: "NoSuchType"  # noqa: F821


# ------------------------------------------------------------------ strictness and inheritance

def test_strict_requires_every_field_on_init():
    assert repr(StrictPair(a=1, b=None)) == "StrictPair( a=1, b=None, c=None, d=2 )"
    with pytest.raises(ValueError, match=r"Struct StrictPair is not valid; required fields \[b\] were not set on init"):
        StrictPair(a=1)
    with pytest.raises(ValueError, match=r"required fields \[a, b\]"):
        StrictPair()
    s = StrictPair(a=1, b=None)
    with pytest.raises(AttributeError, match="Strict struct StrictPair does not allow the deletion of field a"):
        del s.a
    with pytest.raises(TypeError, match="Invalid int type"):
        s.b = "x"  # strict Optional[int] is checked: None or int
    assert StrictPair.optional_fields() == {"b", "c"} and StrictPair.is_strict()
    assert Trade.optional_fields() == set() and not Trade.is_strict()
    with pytest.raises(ValueError, match=r"required fields \[e\]"):
        StrictChild(a=1, b=2)


def test_strictness_is_inherited_explicitly():
    with pytest.raises(ValueError, match="declared non-strict but derives from StrictPair which is strict"):
        class Loose(StrictPair):
            z: int
    with pytest.raises(ValueError, match="declared strict but derives from Base which is non-strict"):
        class Tight(Base, strict=True):
            z: int


def test_inheritance():
    d = Derived(a=1)
    assert isinstance(d, Base) and d.a == 1 and d.b == 2.5
    assert Derived.metadata() == {"a": int, "b": float}
    assert repr(d) == "Derived( a=1, b=2.5 )"
    assert Base(a=1) != Derived(a=1) and Derived(a=1) != Base(a=1)
    with pytest.raises(ValueError, match="attempted to add existing field a"):
        class Again(Base):
            a: int
    with pytest.raises(TypeError, match="incompatible with base field type"):
        class Retyped(Base):
            a: float


def test_methods_and_class_attributes_are_kept():
    class WithMethods(csp.Struct):
        a: int
        LIMIT = 5

        def double(self):
            return self.a * 2

        @property
        def triple(self):
            return self.a * 3

    w = WithMethods(a=2)
    assert w.double() == 4 and w.triple == 6 and WithMethods.LIMIT == 5
    assert WithMethods.metadata() == {"a": int}


def test_metadata():
    assert Trade.metadata() == {"price": float, "qty": int, "sym": str, "tags": [str], "note": object,
                                "color": Color}
    typed = Trade.metadata(typed=True)
    assert typed["tags"] == List[str] and typed["note"] == Optional[int]
    assert StrictPair.metadata()["b"] is int
    assert Wrapper.metadata()["mapping"] is dict


# ------------------------------------------------------------------ equality, hashing, copying

def test_equality_including_nan():
    assert Point(x=1.0) == Point(x=1.0)
    assert Point(x=1.0) != Point(x=2.0)
    assert Point(x=float("nan")) == Point(x=float("nan"))
    assert Point() != Point(x=1.0)
    assert Point(x=1.0) != 1
    nested = Wrapper(trade=Trade(price=float("nan")))
    assert nested == Wrapper(trade=Trade(price=float("nan")))
    assert Trade(tags=["a"]) == Trade(tags=["a"]) and Trade(tags=["a"]) != Trade(tags=["b"])


def test_hashing_is_consistent_with_equality():
    assert hash(Point(x=1.0)) == hash(Point(x=1.0))
    assert hash(Point(x=float("nan"))) == hash(Point(x=float("nan")))
    assert len({Trade(tags=["a"]), Trade(tags=["a"])}) == 1


def test_copy_and_deepcopy():
    inner = Trade(price=1.0, tags=["a"])
    w = Wrapper(trade=inner, trades=[inner], anything=[1])
    shallow = w.copy()
    assert shallow == w and shallow.trade is inner and shallow.anything is w.anything
    assert shallow.trades is not w.trades  # list fields get a new list
    deep = w.deepcopy()
    assert deep == w and deep.trade is not inner and deep.anything is not w.anything
    assert copy.copy(w) == w and copy.deepcopy(w).trade is not inner
    t = inner.copy()
    assert t.tags is not inner.tags and t.tags == inner.tags


def test_clear_update_all_fields_set():
    t = Trade(price=1.0)
    assert t.update(sym="X", qty=3) is None
    assert (t.sym, t.qty) == ("X", 3)
    with pytest.raises(AttributeError):
        t.update(nope=1)
    assert not t.all_fields_set()
    t.update(tags=[], note=1, color=Color.GREEN)
    assert t.all_fields_set()
    t.clear()
    assert str(t) == "Trade( price=<unset>, qty=<unset>, sym=<unset>, tags=<unset>, note=<unset>, color=<unset> )"


def test_copy_from_and_update_from():
    target = Trade(price=5.0, sym="A")
    target.copy_from(Trade(sym="B", note=None))
    assert str(target) == "Trade( price=<unset>, qty=1, sym=B, tags=<unset>, note=None, color=<unset> )"
    target.update_from(Trade(price=9.0))
    assert target.price == 9.0 and target.sym == "B"

    d = Derived(a=1, b=4.0)
    d.copy_from(Base(a=5))
    assert repr(d) == "Derived( a=5, b=4.0 )"
    b = Base(a=1)
    b.copy_from(Derived(b=3.0))
    assert repr(b) == "Base(  )"
    b.update_from(Derived(a=3))
    assert b.a == 3
    s = Sibling(a=1, c="x")
    s.update_from(Derived(a=7))  # common base: Base
    assert s.a == 7 and s.c == "x"
    with pytest.raises(TypeError, match="Attempting to copy from non-struct type int"):
        b.copy_from(5)
    with pytest.raises(TypeError, match="update_from may only be used to update from struct with a common base"):
        b.update_from(Point(x=1.0))


# ------------------------------------------------------------------ conversions

def test_to_dict():
    t = Trade(price=1.5, sym="X", tags=["a"], color=Color.RED)
    assert t.to_dict() == {"price": 1.5, "qty": 1, "sym": "X", "tags": ["a"], "note": None, "color": "RED"}
    assert t.to_dict(preserve_enums=True)["color"] is Color.RED
    w = Wrapper(trade=Trade(qty=2), trades=[Trade(qty=3)], blob=b"ab", anything=(1, Color.RED),
                when=datetime(2020, 1, 1))
    assert w.to_dict() == {"trade": {"qty": 2, "note": None}, "trades": [{"qty": 3, "note": None}], "blob": "ab",
                           "anything": (1, "RED"), "when": datetime(2020, 1, 1)}

    class Opaque:
        pass

    o = Wrapper(anything=Opaque(), span=timedelta(1))
    assert o.to_dict(callback=lambda v: "CB") == {"anything": "CB", "span": timedelta(1)}


def test_to_json():
    t = Trade(price=1.5, sym='q"é', tags=["a"], color=Color.RED)
    # fields in the reference's storage order: strings, typed lists, objects, then native values
    assert t.to_json() == '{"sym":"q\\"é","tags":["a"],"note":null,"price":1.5,"qty":1,"color":"RED"}'
    w = Wrapper(when=datetime(2020, 1, 2, 3, 4, 5, 6), span=timedelta(seconds=-1.5), day=date(2020, 1, 1),
                clock=time(1, 2, 3), anything={"k": [1, None, True]})
    assert json.loads(w.to_json()) == {"when": "2020-01-02T03:04:05.000006+00:00", "span": "-1.500000",
                                       "day": "2020-01-01", "clock": "01:02:03.000000",
                                       "anything": {"k": [1, None, True]}}
    aware = Wrapper(when=datetime(2020, 1, 1, tzinfo=timezone(timedelta(hours=1))))
    assert aware.to_json() == '{"when":"2019-12-31T23:00:00.000000+00:00"}'
    floats = [(float("nan"), "null"), (1e20, "100000000000000000000.0"), (1e21, "1e21"), (1e-5, "0.00001"),
              (1e-7, "1e-7"), (123.456, "123.456"), (2.5e-300, "2.5e-300"), (-2.0, "-2.0")]
    for value, text in floats:
        assert Point(x=value).to_json() == f'{{"x":{text},"y":0.0}}'

    class Opaque:
        pass

    with pytest.raises(ValueError, match="Cannot serialize value of type"):
        Wrapper(anything=Opaque()).to_json()
    assert Wrapper(anything=Opaque()).to_json(callback=lambda v: "CB") == '{"anything":"CB"}'


def test_from_dict_round_trip():
    t = Trade(price=1.5, sym="X", tags=["a"], color=Color.GREEN)
    assert Trade.from_dict(t.to_dict()) == t
    w = Wrapper(trade=t, trades=[t, Trade(qty=4)], when=datetime(2020, 1, 2, 3), span=timedelta(seconds=90),
                day=date(2021, 5, 6), clock=time(7, 8, 9), mapping={"a": 1})
    assert Wrapper.from_dict(w.to_dict()) == w
    assert Wrapper.from_dict(json.loads(w.to_json())) == w
    assert Trade.from_dict({"qty": "5", "price": "2.5", "color": 1}) == Trade(qty=5, price=2.5, color=Color.RED)
    with pytest.raises(KeyError, match="Unexpected key zz"):
        Trade.from_dict({"zz": 1})
    with pytest.raises(ValueError):
        Trade.from_dict({"qty": "x"})
    with pytest.raises(TypeError, match="expected to be of dict type"):
        Wrapper.from_dict({"trade": t})


def test_pickle_round_trip():
    w = Wrapper(trade=Trade(price=float("nan"), tags=["a"]), trades=[Trade()], anything={"k": 1},
                when=datetime(2020, 1, 1))
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(w, protocol))
        assert back == w and type(back) is Wrapper
        back.trade.tags.append("b")
        with pytest.raises(TypeError):
            back.trade.tags.append(1)
    back = pickle.loads(pickle.dumps(StrictPair(a=1, b=None)))
    assert back == StrictPair(a=1, b=None)
    assert pickle.loads(pickle.dumps(Color.GREEN)) is Color.GREEN


# ------------------------------------------------------------------ structs in graphs

def _run(graph, end=timedelta(10)):
    return csp.run(graph, starttime=ST, endtime=end)


def test_struct_through_const_curve_nodes_and_outputs():
    @csp.node
    def bump(p: ts[Point]) -> ts[Point]:
        out = p.copy()
        out.x = p.x + 1
        return out

    @csp.node
    def to_color(x: ts[int]) -> ts[Color]:
        return Color(x)

    def graph():
        csp.add_graph_output("const", csp.const(Point(x=1.0)))
        curve = csp.curve(Point, [(timedelta(1), Point(x=2.0)), (timedelta(2), Point(x=3.0))])
        csp.add_graph_output("bumped", bump(curve))
        csp.add_graph_output("color", to_color(csp.curve(int, [(timedelta(1), 2)])))
        csp.add_graph_output("basket", csp.collect([curve, bump(curve)]))

    res = _run(graph)
    assert res["const"] == [(ST, Point(x=1.0))]
    assert [v for _, v in res["bumped"]] == [Point(x=3.0), Point(x=4.0)]
    assert res["color"] == [(ST + timedelta(1), Color.GREEN)]
    assert res["basket"][0][1] == [Point(x=2.0), Point(x=3.0)]


def test_fromts_and_collectts():
    def graph():
        a = csp.curve(int, [(timedelta(0), 1), (timedelta(1), 2), (timedelta(3), 4)])
        b = csp.curve(float, [(timedelta(1), 1.5), (timedelta(2), 2.5)])
        trigger = csp.curve(bool, [(timedelta(2), True), (timedelta(3), True)])
        csp.add_graph_output("fromts", Derived.fromts(a=a, b=b))
        csp.add_graph_output("triggered", Derived.fromts(trigger, a=a, b=b))
        csp.add_graph_output("collect", Derived.collectts(a=a, b=b))
        csp.add_graph_output("defaults", Derived.fromts(a=a))

    res = _run(graph)
    day = timedelta(1)
    assert res["fromts"] == [(ST, Derived(a=1)), (ST + day, Derived(a=2, b=1.5)), (ST + 2 * day, Derived(a=2, b=2.5)),
                             (ST + 3 * day, Derived(a=4, b=2.5))]
    assert res["triggered"] == [(ST + 2 * day, Derived(a=2, b=2.5)), (ST + 3 * day, Derived(a=4, b=2.5))]
    collected = [(t, repr(v)) for t, v in res["collect"]]
    assert collected == [(ST, "Derived( a=1, b=2.5 )"), (ST + day, "Derived( a=2, b=1.5 )"),
                         (ST + 2 * day, "Derived( b=2.5 )"), (ST + 3 * day, "Derived( a=4, b=2.5 )")]
    assert [repr(v) for _, v in res["defaults"]] == ["Derived( a=1, b=2.5 )", "Derived( a=2, b=2.5 )",
                                                     "Derived( a=4, b=2.5 )"]


def test_fromts_errors():
    a = lambda: csp.curve(int, [(timedelta(0), 1)])  # noqa: E731
    b = lambda: csp.curve(float, [(timedelta(1), 1.5)])  # noqa: E731
    with pytest.raises(ValueError, match='Derived.fromts\\(\\) received unknown struct field "zz"'):
        _run(lambda: Derived.fromts(zz=a()))
    with pytest.raises(TypeError, match='field "a" expected ts type int but got float'):
        _run(lambda: Derived.fromts(a=b()))
    with pytest.raises(ValueError, match="received unknown struct field"):
        _run(lambda: Derived.collectts(zz=a()))
    with pytest.raises(TypeError, match="expects a time series"):
        _run(lambda: Derived.fromts(a=1))
    with pytest.raises(ValueError, match=r"Struct StrictPair is not valid; required fields \[b\] did not tick"):
        _run(lambda: StrictPair.fromts(a=a()))
    with pytest.raises(ValueError, match=r"required fields \[b\] did not tick"):
        _run(lambda: StrictPair.collectts(a=a(), b=csp.curve(int, [(timedelta(1), 1)])))


def test_edge_field_access():
    def graph():
        d = Derived.fromts(a=csp.curve(int, [(timedelta(1), 1)]),
                           b=csp.curve(float, [(timedelta(2), 2.0)]))
        t = csp.curve(Trade, [(timedelta(0), Trade(sym="X", tags=["a"])), (timedelta(1), Trade(price=1.0))])
        assert d.b.tstype == ts[float] and t.tags.tstype == ts[List[str]]
        assert d.a is d.a  # memoized
        csp.add_graph_output("a", d.a)
        csp.add_graph_output("b", d.b)
        csp.add_graph_output("sym", t.sym)
        csp.add_graph_output("tags", t.tags)
        csp.add_graph_output("sum", d.a + d.b)
        with pytest.raises(AttributeError, match="no attribute 'zz'"):
            d.zz
        with pytest.raises(AttributeError, match="'Edge' object has no attribute 'zz'"):
            csp.const(1).zz

    res = _run(graph)
    day = timedelta(1)
    assert res["a"] == [(ST + day, 1), (ST + 2 * day, 1)]
    assert res["b"] == [(ST + day, 2.5), (ST + 2 * day, 2.0)]
    assert res["sym"] == [(ST, "X")]  # no tick when the field is unset
    assert res["tags"] == [(ST, ["a"])]
    assert res["sum"] == [(ST + day, 3.5), (ST + 2 * day, 3.0)]


def test_struct_in_dict_basket_and_any_field():
    @csp.node
    def pick(xs: {str: ts[Point]}) -> ts[float]:
        return sum(p.x for p in xs.tickedvalues())

    class Holder(csp.Struct):
        payload: Any

    def graph():
        xs = {"a": csp.const(Point(x=1.0)), "b": csp.const(Point(x=2.0))}
        csp.add_graph_output("sum", pick(xs))
        csp.add_graph_output("holder", Holder.fromts(payload=csp.const([1, 2])).payload)

    res = _run(graph)
    assert res["sum"] == [(ST, 3.0)]
    assert res["holder"] == [(ST, [1, 2])]
    assert math.isclose(res["sum"][0][1], 3.0)
