"""FastList[T] struct fields and csp.impl.types.tstype's predicates."""

import copy
import pickle
import typing
from typing import List

import pytest

import csp
from csp import ts
from csp.impl.types import tstype
from csp.impl.types.typing_utils import FastList


class Holder(csp.Struct):
    ints: FastList[int]
    floats: FastList[float]
    plain: List[int]


def test_fast_list_is_an_annotation_only():
    assert typing.get_origin(FastList[int]) is FastList and typing.get_args(FastList[int]) == (int,)
    with pytest.raises(NotImplementedError):
        FastList()


def test_metadata_marks_fast_list_fields():
    assert Holder.metadata() == {"ints": [int, True], "floats": [float, True], "plain": [int]}


def test_a_fast_list_value_is_list_like_but_not_a_list():
    h = Holder(ints=[1, 2], floats=[1, 2.5])
    assert not isinstance(h.ints, list)
    assert h.ints == [1, 2] and [1, 2] == h.ints and h.ints != [2, 1]
    assert repr(h.ints) == str(h.ints) == "[1, 2]"
    assert repr(h) == "Holder( ints=[1, 2], floats=[1.0, 2.5] )"
    assert len(h.ints) == 2 and list(h.ints) == [1, 2] and 2 in h.ints and h.ints[-1] == 2
    with pytest.raises(TypeError):
        hash(h.ints)


def test_every_new_element_is_validated():
    h = Holder(ints=[1], floats=[1.0])
    h.ints.append(2)
    h.ints.extend([3])
    h.ints.insert(0, 0)
    h.ints[1] = 7
    h.ints += [8]
    assert h.ints == [0, 7, 2, 3, 8]
    h.floats.append(2)
    assert h.floats == [1.0, 2.0] and type(h.floats[1]) is float
    for mutate in (lambda: h.ints.append("x"), lambda: h.ints.extend(["x"]), lambda: h.ints.__setitem__(0, "x")):
        with pytest.raises(TypeError, match="Invalid int type"):
            mutate()
    with pytest.raises(TypeError, match="on field 'ints'"):
        Holder(ints=["x"])
    with pytest.raises(TypeError, match="expected list or iterator"):
        Holder(ints=1)


def test_in_place_operators_keep_the_field_value_and_others_give_lists():
    h = Holder(ints=[3, 1, 2])
    h.ints += [4]
    h.ints *= 2
    h.ints.sort()
    assert type(h.ints) is type(Holder(ints=[]).ints) and h.ints == [1, 1, 2, 2, 3, 3, 4, 4]
    assert not isinstance(h.ints, list)
    for produced in (h.ints[0:2], h.ints + [9], h.ints * 1, h.ints.copy(), copy.copy(h.ints), copy.deepcopy(h.ints),
                     pickle.loads(pickle.dumps(h.ints))):
        assert type(produced) is list


def test_struct_copies_pickles_and_serialises_fast_lists():
    h = Holder(ints=[1, 2])
    for other in (h.copy(), h.deepcopy(), pickle.loads(pickle.dumps(h))):
        assert other == h and other.ints is not h.ints and not isinstance(other.ints, list)
    copied = h.copy()
    copied.ints.append(3)
    assert h.ints == [1, 2]
    assert hash(Holder(ints=[1])) == hash(Holder(ints=[1]))
    assert h.to_dict() == {"ints": [1, 2]} and type(h.to_dict()["ints"]) is list
    assert h.to_json() == '{"ints":[1,2]}'
    assert Holder.from_dict({"ints": [5]}).ints == [5]


def test_tstype_predicates():
    assert tstype.ts is csp.ts and tstype.TsType is csp.ts
    assert tstype.isTsType(ts[int]) and not tstype.isTsType(int)
    assert tstype.isTsBasket(List[ts[int]]) and tstype.isTsStaticBasket(typing.Dict[str, ts[int]])
    assert not tstype.isTsBasket([ts[int]]) and not tstype.isTsBasket(ts[int])
    assert not tstype.isTsDynamicBasket(List[ts[int]])


def test_common_definitions_are_the_public_objects():
    from csp.impl.types import common_definitions

    assert common_definitions.PushMode is csp.PushMode and common_definitions.Outputs is csp.Outputs
    assert common_definitions.OutputBasket is csp.OutputBasket
    assert common_definitions.DuplicatePolicy is csp.DuplicatePolicy
