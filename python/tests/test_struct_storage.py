"""csp.Struct values stored in C++: conversions at the boundary, identity, copies, hashing.

Fields of kind bool/int/float/str/datetime/timedelta/date/time/struct are held
as C++ values; these tests pin what crossing that boundary does (the
reference csp package behaves the same on each point).
"""

import copy
import gc
import pickle
from datetime import date, datetime, time, timedelta, timezone
from typing import List, Optional

import pytest

import csp


class Inner(csp.Struct):
    v: int


class Record(csp.Struct):
    i: int
    f: float
    b: bool
    s: str
    dt: datetime
    td: timedelta
    d: date
    t: time
    inner: Inner
    values: List[float]
    anything: object


def test_native_fields_read_back_what_was_written():
    r = Record(i=-7, f=2.5, b=True, s="héllo ✓", dt=datetime(2022, 3, 4, 5, 6, 7, 891011),
               td=timedelta(days=-1, microseconds=3), d=date(1999, 12, 31), t=time(23, 59, 58, 999999))
    assert (r.i, r.f, r.b, r.s) == (-7, 2.5, True, "héllo ✓")
    assert r.dt == datetime(2022, 3, 4, 5, 6, 7, 891011)
    assert r.td == timedelta(days=-1, microseconds=3)
    assert (r.d, r.t) == (date(1999, 12, 31), time(23, 59, 58, 999999))
    assert type(r.d) is date and type(r.t) is time


def test_conversions_at_assignment():
    r = Record()
    r.f = 3  # int -> float
    assert r.f == 3.0 and type(r.f) is float
    r.i = True  # bool -> int
    assert r.i == 1 and type(r.i) is int
    r.d = datetime(2020, 1, 2, 3, 4)  # a datetime keeps its date
    assert r.d == date(2020, 1, 2) and type(r.d) is date
    r.dt = datetime(2020, 1, 1, tzinfo=timezone(timedelta(hours=-5)))  # aware -> naive UTC
    assert r.dt == datetime(2020, 1, 1, 5)
    r.s = b"bytes"
    assert r.s == "bytes"


def test_values_that_do_not_fit_raise_and_leave_the_field_as_it_was():
    r = Record(i=1)
    with pytest.raises(OverflowError):
        r.i = 2**70
    with pytest.raises(OverflowError, match="out of range for csp datetime"):
        r.dt = datetime(1, 1, 1)
    with pytest.raises(TypeError, match="on field 'i'.*struct Record"):
        r.i = 1.5
    with pytest.raises(TypeError, match="on field 'inner'"):
        r.inner = Record()
    assert r.i == 1
    assert not hasattr(r, "dt")


def test_unset_fields_raise_attribute_error_named_after_the_field():
    with pytest.raises(AttributeError, match="^i$"):
        Record().i
    r = Record(i=1)
    del r.i
    assert not hasattr(r, "i")


def test_nested_structs_keep_their_identity_while_alive():
    inner = Inner(v=1)
    r = Record(inner=inner)
    assert r.inner is inner
    inner.v = 2  # shared, not copied
    assert r.inner.v == 2
    del inner
    again = r.inner  # a new Python object for the same C++ struct
    assert again.v == 2 and r.inner is again


def test_copy_shares_nested_structs_and_copies_lists():
    r = Record(inner=Inner(v=1), values=[1.0, 2.0], anything={"k": 1})
    c = r.copy()
    assert c == r and c is not r
    assert c.inner is r.inner
    assert c.values == r.values and c.values is not r.values
    assert c.anything is r.anything
    c.values.append(3.0)
    assert r.values == [1.0, 2.0]
    d = copy.deepcopy(r)
    assert d == r and d.inner is not r.inner and d.anything is not r.anything


def test_equality_and_hash_cover_every_kind_of_field():
    def make():
        return Record(i=1, f=float("nan"), s="x", dt=datetime(2020, 1, 1), inner=Inner(v=3), values=[1.0])

    a, b = make(), make()
    assert a == b and not (a != b)
    assert hash(a) == hash(b)
    assert len({a, b}) == 1
    b.inner.v = 4
    assert a != b
    b.inner.v = 3
    del b.s
    assert a != b
    assert a != Inner(v=1)


def test_optional_fields_of_strict_structs_accept_none():
    class Strict(csp.Struct, strict=True):
        x: Optional[int]
        y: int

    s = Strict(x=None, y=1)
    assert s.x is None
    s.x = 5
    assert s.x == 5
    with pytest.raises(ValueError, match=r"required fields \[y\]"):
        Strict(x=1)
    with pytest.raises(AttributeError, match="does not allow the deletion of field y"):
        del s.y


def test_pickle_round_trip_of_native_fields():
    r = Record(i=1, f=0.5, s="s", dt=datetime(2021, 6, 1), td=timedelta(seconds=3), d=date(2021, 6, 1),
               t=time(9, 30), inner=Inner(v=2), values=[1.5])
    assert pickle.loads(pickle.dumps(r)) == r


def test_inherited_fields_are_shared_by_the_base_layout():
    class Base(csp.Struct):
        a: int

    class Derived(Base):
        b: str

    d = Derived(a=1, b="x")
    assert d.a == 1 and d.b == "x"
    base_copy = Base()
    base_copy.copy_from(d)
    assert base_copy == Base(a=1)
    assert Derived.metadata() == {"a": int, "b": str}


class Color(csp.Enum):
    RED = 1
    BLUE = 5


class OtherColor(csp.Enum):
    RED = 1


class Painted(csp.Struct):
    color: Color


def test_enum_fields_store_the_value_and_read_back_the_member():
    p = Painted(color=Color.BLUE)
    assert p.color is Color.BLUE
    with pytest.raises(TypeError, match=r"expected enum type Color got \S*OtherColor"):
        p.color = OtherColor.RED
    with pytest.raises(TypeError, match="expected enum type Color got int"):
        p.color = 5
    assert Painted(color=Color.RED) == Painted(color=Color.RED) != p
    assert pickle.loads(pickle.dumps(p)) == p


def test_times_with_a_timezone_are_refused():
    with pytest.raises(TypeError, match="on field 't' : csp time type does not support timezones"):
        Record(t=time(1, 2, tzinfo=timezone.utc))


def test_descriptors_only_work_on_their_own_struct_types():
    class Small(csp.Struct):
        a: int

    class Big(csp.Struct):
        a: int
        z: str

    with pytest.raises(TypeError, match="field 'z' of struct Big used on a .*Small object"):
        Big.z.__set__(Small(a=1), "x")
    with pytest.raises(TypeError):
        type(Big.z)()
    with pytest.raises(TypeError, match="used on a"):
        Big.z.__get__(Small(a=1), Big)


def test_cycles_through_object_fields_are_collected():
    import gc
    import weakref

    class Marker:
        pass

    class Node(csp.Struct):
        items: list

    marker = Marker()
    n = Node(items=[marker])
    n.items.append(n)  # n -> list -> n
    ref = weakref.ref(marker)
    del n, marker
    gc.collect()
    assert ref() is None


def test_struct_field_edges_refuse_values_of_another_struct_type():
    class Small(csp.Struct):
        x: int

    class Big(csp.Struct):
        s: str
        x: int

    @csp.graph
    def g():
        csp.add_graph_output("x", csp.const.using(T=Small)(Big(s="s", x=1)).x)

    with pytest.raises(TypeError, match="struct_field expects a Small"):
        csp.run(g, starttime=datetime(2020, 1, 1), endtime=timedelta(seconds=1))


def test_struct_field_edges_read_structs_of_the_class_and_of_its_subclasses():
    class Base(csp.Struct):
        x: int

    class Derived(Base):
        y: float

    @csp.graph
    def g():
        values = csp.curve(Base, [(timedelta(seconds=1), Base(x=1)), (timedelta(seconds=2), Derived(x=2, y=0.5)),
                                  (timedelta(seconds=3), Base()), (timedelta(seconds=4), Base(x=4))])
        csp.add_graph_output("x", values.x)

    result = csp.run(g, starttime=datetime(2020, 1, 1), endtime=timedelta(seconds=5))
    assert [v for _, v in result["x"]] == [1, 2, 4]


def test_comparison_with_other_objects_is_left_to_them():
    from unittest import mock

    assert Inner(v=1) == mock.ANY
    assert Inner(v=1) != 1 and not (Inner(v=1) == 1)


def test_str_fields_read_back_what_each_struct_holds():
    a, b = Record(s="AAPL"), Record(s="AAPX")
    long_text = "x" * 1000
    reads = []
    for _ in range(2):
        reads += [a.s, b.s, a.s]
    a.s = "MSFT"
    reads.append(a.s)
    b.s = "€uro"
    reads += [b.s, b.s]
    a.s = long_text
    reads += [a.s, a.s]
    a.s = ""
    reads.append(a.s)
    assert reads == ["AAPL", "AAPX", "AAPL"] * 2 + ["MSFT", "€uro", "€uro", long_text, long_text, ""]
    assert all(type(r) is str for r in reads)


def test_del_methods_run_whether_defined_in_the_class_or_assigned_later():
    ran = []

    class Declared(csp.Struct):
        x: int

        def __del__(self):
            ran.append(("declared", self.x))

    class Assigned(csp.Struct):
        x: int

    Assigned.__del__ = lambda self: ran.append(("assigned", self.x))
    first, second = Declared(x=1), Assigned(x=2)
    del first, second
    assert ran == [("declared", 1), ("assigned", 2)]


def test_a_struct_resurrected_by_its_del_method_stays_whole():
    kept = []

    class Phoenix(csp.Struct):
        x: int
        inner: Inner

    Phoenix.__del__ = lambda self: kept.append(self)
    Phoenix(x=7, inner=Inner(v=8))
    (revived,) = kept
    assert revived.x == 7 and revived.inner.v == 8
    kept.clear()  # released again: __del__ has run once already, so the struct is freed
    gc.collect()
    assert kept == []


def test_a_struct_without_object_fields_resurrected_by_its_del_method_stays_whole():
    kept = []

    class Plain(csp.Struct):  # no object or struct fields: not tracked by the cyclic collector
        x: int
        y: float

    Plain.__del__ = lambda self: kept.append(self)
    Plain(x=3, y=0.5)
    (revived,) = kept
    assert (revived.x, revived.y) == (3, 0.5)
    revived.x += 1
    assert revived.x == 4
    kept.clear()
    gc.collect()
    assert kept == []


def test_long_chains_of_structs_through_object_fields_are_freed_without_recursion():
    class Link(csp.Struct):
        n: int
        rest: object

    chain = None
    for n in range(200_000):
        chain = Link(n=n, rest=chain)
    assert chain.n == 199_999 and chain.rest.n == 199_998
    del chain  # would overflow the C stack if each link freed the next recursively
