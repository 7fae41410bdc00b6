"""The direct paths of struct creation and field assignment behave as the general ones.

Trade(...) is created through a vectorcall that matches keyword names to fields
by pointer; attribute assignment goes to the field without the descriptor lookup
while the class keeps its fields' descriptors; datetime and timedelta fields hand
out the object of the value last read or written while the value is the same.
The memory of a struct object that went away may hold the next one, of any
struct class.
"""

import gc
import weakref
from datetime import datetime, timedelta, timezone

import pytest

import csp


class Trade(csp.Struct):
    symbol: str
    price: float
    qty: int = 7
    time: datetime
    span: timedelta


def test_keywords_given_as_non_interned_strings_find_their_fields():
    name = "".join(["pri", "ce"])  # an equal str that is not the interned name
    t = Trade(**{name: 2.0, "symbol": "AB"})
    assert (t.price, t.symbol, t.qty) == (2.0, "AB", 7)
    setattr(t, "".join(["q", "ty"]), 3)
    assert t.qty == 3


def test_creation_errors_are_those_of_init():
    with pytest.raises(AttributeError, match="'Trade' object has no attribute 'nope'"):
        Trade(nope=1)
    with pytest.raises(TypeError, match=r"'Trade.__init__' takes 0 positional arguments but 1 were given"):
        Trade(1)
    with pytest.raises(TypeError, match="on field 'price'"):
        Trade(price="x")


def test_classes_with_their_own_init_or_new_or_metaclass_call_are_honoured():
    calls = []

    class WithInit(csp.Struct):
        a: int

        def __init__(self, **kwargs):
            calls.append("init")
            super().__init__(**kwargs)

    class WithNew(csp.Struct):
        a: int

        def __new__(cls, **kwargs):
            calls.append("new")
            return super().__new__(cls)

    class Meta(type(csp.Struct)):
        def __call__(cls, *args, **kwargs):
            calls.append("call")
            return super().__call__(*args, **kwargs)

    class WithCall(csp.Struct, metaclass=Meta):
        a: int

    assert WithInit(a=1).a == 1
    assert WithNew(a=2).a == 2
    assert WithCall(a=3).a == 3
    assert calls == ["init", "new", "call"]


def test_strict_structs_and_defaults_on_creation():
    class Strict(csp.Struct, strict=True):
        a: int
        b: int = 2

    assert Strict(a=1).b == 2
    with pytest.raises(ValueError, match=r"required fields \[a\]"):
        Strict(b=1)


def test_assignment_keeps_working_while_a_subclass_changes_under_a_field_name():
    # Where an assignment goes while a class attribute shadows a field is not
    # specified (the property here, the field in the reference); a field's
    # direct assignment must come back once the class attribute is gone.
    class Base(csp.Struct):
        a: int

    class Derived(Base):
        b: int

    d = Derived(a=1, b=2)
    d.a = 5
    assert d.a == 5
    Derived.a = property(lambda self: 0, lambda self, v: None)  # the class changes after use
    d.a = 9
    assert Base(a=1).a == 1
    del Derived.a  # back to the field
    d.a = 11
    assert d.a == 11 and Derived(a=3, b=4).a == 3


def test_reads_of_unset_fields_methods_and_getattr_hooks():
    class WithHook(csp.Struct):
        a: int
        b: int

        def __getattr__(self, name):  # called only when the normal lookup fails
            return f"missing {name}"

        def total(self):
            return self.a + self.b

    w = WithHook(a=1)
    assert w.a == 1 and w.b == "missing b" and w.other == "missing other"
    w.b = 2
    assert w.total() == 3 and w.b == 2
    t = Trade(qty=1)
    with pytest.raises(AttributeError, match="price"):
        t.price
    assert t.qty == 1 and getattr(t, "price", None) is None and not hasattr(t, "symbol")
    assert t.__class__ is Trade and callable(t.to_dict)


def test_assignment_of_unknown_names_and_deletion():
    t = Trade(qty=1)
    with pytest.raises(AttributeError):
        t.unknown = 1
    del t.qty
    with pytest.raises(AttributeError, match="qty"):
        t.qty

    class Strict(csp.Struct, strict=True):
        a: int

    s = Strict(a=1)
    with pytest.raises(AttributeError, match="does not allow the deletion"):
        del s.a


def test_datetimes_read_back_equal_and_naive_whatever_was_written():
    aware = datetime(2020, 1, 1, 12, tzinfo=timezone(timedelta(hours=2)))
    t = Trade(time=aware)
    assert t.time == datetime(2020, 1, 1, 10) and t.time.tzinfo is None
    folded = datetime(2020, 1, 1, fold=1)
    t.time = folded
    assert t.time.fold == 0 and t.time == folded
    plain = datetime(2021, 5, 6, 7, 8, 9, 10)
    t.time = plain
    u = Trade(time=datetime(2022, 1, 1))
    assert t.time == plain and type(t.time) is datetime
    assert u.time == datetime(2022, 1, 1)
    t.span = timedelta(seconds=1.5)
    u.span = timedelta(days=-1)
    assert (t.span, u.span) == (timedelta(seconds=1.5), timedelta(days=-1))


def test_datetime_subclass_values_are_stored_as_datetimes():
    class MyDatetime(datetime):
        pass

    t = Trade(time=MyDatetime(2020, 1, 1))
    assert type(t.time) is datetime and t.time == datetime(2020, 1, 1)


def test_a_datetime_read_with_nanoseconds_stores_back_as_its_microseconds(tmp_path):
    # Datetimes from C++ may carry nanoseconds a Python datetime cannot hold: structs made
    # from the object read must not depend on which value the field last handed out.
    pa = pytest.importorskip("pyarrow")
    import numpy as np
    import pyarrow.parquet as pq
    from csp.adapters.parquet import ParquetReader

    class Stamped(csp.Struct):
        time: datetime
        x: int

    times = np.array(["2020-01-01T00:00:00.000000123", "2020-01-01T00:00:01.000000456"], dtype="datetime64[ns]")
    path = str(tmp_path / "ns.parquet")
    pq.write_table(pa.table({"ts": pa.array(times), "time": pa.array(times), "x": [1, 2]}), path)

    def g():
        csp.add_graph_output("s", ParquetReader(path, time_column="ts").subscribe_all(Stamped))

    first = csp.run(g, starttime=datetime(2020, 1, 1), endtime=timedelta(seconds=10))["s"][0][1]
    read = first.time
    right_after = Stamped(time=read)
    Stamped(time=datetime(2021, 1, 1)).time  # the field hands out another object in between
    later = Stamped(time=read)
    assert right_after == later == Stamped(time=datetime(2020, 1, 1))
    assert hash(right_after) == hash(later)


def test_a_timedelta_out_of_range_is_refused():
    class Span(csp.Struct):
        span: timedelta

    with pytest.raises(OverflowError):
        Span(span=timedelta(days=999_999_999))
    s = Span(span=timedelta(1))
    with pytest.raises(OverflowError):
        s.span = timedelta(days=-999_999_999)
    assert s.span == timedelta(1)


def test_a_struct_keeps_its_class():
    class First(csp.Struct):
        a: int

    class Second(csp.Struct):
        a: int

    s = First(a=1)
    with pytest.raises(AttributeError, match="__class__"):
        s.__class__ = Second
    assert type(s) is First and s.a == 1


def test_int_fields_keep_their_value_across_the_internal_digit_sizes():
    class Count(csp.Struct):
        n: int

    for value in [0, 1, -1, 2**30 - 1, -(2**30 - 1), 2**30, -(2**30), 2**62 + 3, -(2**63), 2**63 - 1]:
        assert Count(n=value).n == value
        c = Count(n=7)
        c.n = value
        assert c.n == value


def test_structs_made_one_after_another_start_empty_and_are_collected_as_their_class_needs():
    class Flat(csp.Struct):  # nothing that can lead back to it: never tracked by the cyclic collector
        x: int
        y: float

    class Holder(csp.Struct):  # an object field: tracked
        items: object

    class Marker:
        pass

    for _ in range(200):
        flat = Flat(x=1, y=2.0)
        assert not gc.is_tracked(flat)
        del flat
        fresh = Flat()
        assert not hasattr(fresh, "x") and not hasattr(fresh, "y")
        del fresh
        holder = Holder()
        assert gc.is_tracked(holder) and not hasattr(holder, "items")
        marker = Marker()
        holder.items = [holder, marker]  # a cycle: only the collector frees it
        alive = weakref.ref(marker)
        del holder, marker
        gc.collect()
        assert alive() is None
        assert not gc.is_tracked(Flat(x=3))


def test_a_struct_finalized_by_the_collector_is_not_finalized_again_nor_its_memory_mixed_up():
    ran = []

    class Node(csp.Struct):
        n: int
        other: object

    Node.__del__ = lambda self: ran.append(self.n)
    for i in range(3):
        a, b = Node(n=2 * i), Node(n=2 * i + 1)
        a.other, b.other = b, a
        del a, b
        gc.collect()
    del Node.__del__
    fresh = [Node(n=10 + i) for i in range(3)]
    Node.__del__ = lambda self: ran.append(self.n)
    del fresh
    assert sorted(ran) == [0, 1, 2, 3, 4, 5, 10, 11, 12]
