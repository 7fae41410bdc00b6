"""Struct.to_dict / to_json / from_dict: field order, enums, bytes, callbacks and conversions."""

import json
from datetime import date, datetime, time, timedelta
from typing import List, Optional

import numpy as np
import pytest

import csp
from csp.impl.introsort import std_sort
from csp.impl.struct_serialize import field_order


class Side(csp.Enum):
    BUY = 1
    SELL = 2


class Leg(csp.Struct):
    side: Side
    qty: int


class Mixed(csp.Struct):
    flag: bool
    day: date
    count: int
    name: str
    tags: List[str]
    leg: Leg
    maybe: Optional[int]
    clock: time


class Child(Mixed):
    extra_flag: bool
    extra_name: str


class Blob(csp.Struct):
    raw: bytes
    raws: List[bytes]
    thing: object


def test_fields_are_written_in_storage_order():
    assert field_order(Mixed) == ("name", "tags", "leg", "maybe", "count", "clock", "day", "flag")
    m = Mixed(flag=True, day=date(2022, 1, 1), count=1, name="n", tags=[], leg=Leg(qty=1), maybe=None,
              clock=time(1))
    assert list(m.to_dict()) == list(field_order(Mixed))
    assert list(json.loads(m.to_json())) == list(field_order(Mixed))


def test_a_subclass_writes_its_base_fields_first():
    assert field_order(Child)[:8] == field_order(Mixed)
    assert field_order(Child)[8:] == ("extra_name", "extra_flag")


def test_strict_optional_fields_take_their_inner_kind():
    class Strict(csp.Struct, strict=True):
        flag: Optional[bool]
        count: Optional[int]
        obj: object
        name: Optional[str]

    assert field_order(Strict) == ("name", "obj", "count", "flag")


def test_std_sort_sorts_and_keeps_small_runs_stable():
    keyed = [(k % 3, i) for i, k in enumerate(range(16))]
    assert std_sort(keyed, lambda a, b: a[0] < b[0]) == sorted(keyed, key=lambda p: p[0])
    many = [(k % 4, i) for i, k in enumerate(range(40))]
    result = std_sort(many, lambda a, b: a[0] < b[0])
    assert [k for k, _ in result] == sorted(k for k, _ in many)
    assert sorted(result) == sorted(many)


def test_enums_become_names_everywhere_or_stay_members():
    leg = Leg(side=Side.SELL)
    m = Mixed(leg=leg, maybe=None)
    assert m.to_dict() == {"leg": {"side": "SELL"}, "maybe": None}
    assert m.to_dict(preserve_enums=True)["leg"]["side"] is Side.SELL
    blob = Blob(thing={"s": [Side.BUY, Leg(side=Side.BUY)]})
    assert blob.to_dict() == {"thing": {"s": ["BUY", {"side": "BUY"}]}}
    assert blob.to_json() == '{"thing":{"s":["BUY",{"side":"BUY"}]}}'


def test_bytes_fields_become_strings_but_bytes_in_object_fields_stay_bytes():
    b = Blob(raw=b"ab", raws=[b"c"], thing=b"d")
    assert b.to_dict() == {"raw": "ab", "raws": ["c"], "thing": b"d"}
    assert b.to_json() == '{"raw":"ab","raws":["c"],"thing":"d"}'
    with pytest.raises(UnicodeDecodeError):
        Blob(raw=b"\xff").to_dict()
    with pytest.raises(UnicodeDecodeError):
        Blob(thing=b"\xff").to_json()


def test_numpy_floats_in_object_fields_are_json_numbers():
    assert Blob(thing=[np.float64(1.5)]).to_json() == '{"thing":[1.5]}'


def test_from_dict_enum_names_values_and_an_unknown_name():
    assert Leg.from_dict({"side": "SELL"}).side is Side.SELL
    assert Leg.from_dict({"side": 1}).side is Side.BUY
    with pytest.raises(ValueError, match="'HOLD' is not a valid Side"):
        Leg.from_dict({"side": "HOLD"})


def test_from_dict_a_number_for_a_timedelta_is_days():
    class Span(csp.Struct):
        span: timedelta
        when: datetime

    assert Span.from_dict({"span": 2}).span == timedelta(days=2)
    s = Span(span=timedelta(seconds=1.5), when=datetime(2022, 1, 1, 1))
    assert Span.from_dict(json.loads(s.to_json())) == s  # beyond the reference: to_json's strings are read back


def test_from_dict_converts_typed_container_items():
    from typing import Dict, Set, Tuple

    class Book(csp.Struct):
        legs: Dict[str, Leg]
        by_side: Dict[Side, int]
        ids: Set[int]
        pair: Tuple[int, ...]
        maybe: Optional[Leg]

    b = Book.from_dict({"legs": {"a": {"side": "SELL", "qty": "2"}}, "by_side": {"BUY": "3"}, "ids": ["1", 2],
                        "pair": ["4", 5], "maybe": {"qty": 1}})
    assert b.legs == {"a": Leg(side=Side.SELL, qty=2)}
    assert b.by_side == {Side.BUY: 3}
    assert b.ids == {1, 2} and b.pair == (4, 5)
    assert b.maybe == {"qty": 1}  # Optional values are kept as given, as the reference


def test_to_dict_depr_keeps_declaration_order_and_bytes():
    m = Mixed(flag=True, name="n", leg=Leg(side=Side.BUY, qty=1), tags=["t"])
    assert list(m.to_dict_depr()) == ["flag", "name", "tags", "leg"]
    assert m.to_dict_depr()["leg"] == {"side": "BUY", "qty": 1}
    assert Blob(raw=b"x", thing=[Side.SELL]).to_dict_depr() == {"raw": b"x", "thing": ["SELL"]}
    assert type(Mixed(tags=["a"]).to_dict_depr()["tags"]) is list
