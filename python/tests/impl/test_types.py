"""Tests for csp.impl.types: ts, annotations, signatures and type resolution."""

import typing
from typing import Dict, List

import pytest

from csp.impl.exceptions import CspParseError
from csp.impl.types.resolution import resolve_signature
from csp.impl.types import (
    NO_DEFAULT,
    AlarmDef,
    InputDef,
    OutputBasket,
    Outputs,
    ScalarDef,
    TsKind,
    TsType,
    build_signature,
    contains_type_vars,
    is_assignable,
    parse_scalar_annotation,
    parse_ts_annotation,
    requires_cast,
    substitute,
    ts,
    type_var_name,
    type_vars_of,
)


class Base:
    pass


class Derived(Base):
    pass


class FakeEdge:
    """Anything with a ``tstype`` attribute is treated as a time series."""

    def __init__(self, typ):
        self.tstype = ts[typ]


# ------------------------------------------------------------------ ts[T]


def test_ts_is_cached_and_compares_by_type():
    assert ts[int] is ts[int]
    assert ts[int] == TsType(int)
    assert ts[int] != ts[float]
    assert hash(ts[List[int]]) == hash(ts[List[int]])
    assert isinstance(ts[int], ts)


def test_ts_typ_and_repr():
    assert ts[float].typ is float
    assert ts["T"].typ == "T"
    assert ts[List[int]].typ == List[int]
    assert repr(ts[int]) == "ts[int]"
    assert repr(ts["T"]) == "ts['T']"


def test_ts_type_var_spellings_are_one_type():
    T = typing.TypeVar("T")
    assert ts[T] is ts["T"]
    assert ts[typing.ForwardRef("T")] is ts["T"]


def test_ts_is_immutable_and_single_typed():
    with pytest.raises(AttributeError):
        ts[int].typ = float
    with pytest.raises(TypeError):
        ts[int, float]


def test_ts_inside_typing_generics():
    assert List[ts[int]].__args__ == (ts[int],)
    assert Dict[str, ts["T"]].__args__ == (str, ts["T"])


# ------------------------------------------------------------- type vars


def test_type_var_name():
    assert type_var_name("T") == "T"
    assert type_var_name(typing.ForwardRef("K")) == "K"
    assert type_var_name(typing.TypeVar("V")) == "V"
    assert type_var_name(int) is None
    assert type_var_name("~T") is None


def test_type_vars_of_nested():
    assert type_vars_of(Dict["K", List["T"]]) == {"K", "T"}
    assert type_vars_of(ts["T"]) == {"T"}
    assert not contains_type_vars(Dict[str, List[int]])


# ------------------------------------------------------------ annotations


@pytest.mark.parametrize(
    "annotation, kind, typ, key_type",
    [
        (ts[int], TsKind.TS, int, None),
        (ts["T"], TsKind.TS, "T", None),
        ([ts[float]], TsKind.LIST_BASKET, float, None),
        (List[ts["T"]], TsKind.LIST_BASKET, "T", None),
        (list[ts[int]], TsKind.LIST_BASKET, int, None),
        ({str: ts[int]}, TsKind.DICT_BASKET, int, str),
        ({"K": ts["T"]}, TsKind.DICT_BASKET, "T", "K"),
        (Dict["K", ts[int]], TsKind.DICT_BASKET, int, "K"),
        (dict[str, ts[bool]], TsKind.DICT_BASKET, bool, str),
    ],
)
def test_parse_ts_annotation(annotation, kind, typ, key_type):
    parsed = parse_ts_annotation(annotation)
    assert (parsed.kind, parsed.typ, parsed.key_type) == (kind, typ, key_type)
    assert parsed.tstype == ts[typ]


@pytest.mark.parametrize("annotation", [int, "T", [int], {str: int}, List[int], Dict[str, int]])
def test_parse_ts_annotation_rejects_scalars(annotation):
    assert parse_ts_annotation(annotation) is None


def test_parse_scalar_annotation():
    assert parse_scalar_annotation("T") == ("T", True)
    assert parse_scalar_annotation("~T") == ("T", False)
    assert parse_scalar_annotation(int) == (int, False)
    assert parse_scalar_annotation([int]) == (List[int], False)
    assert parse_scalar_annotation({str: [float]}) == (Dict[str, List[float]], False)
    assert parse_scalar_annotation(["T"]) == (List["T"], False)


def test_outputs():
    named = Outputs(x=ts[int], y=ts[float])
    assert list(named.fields) == ["x", "y"]
    assert Outputs(ts[int]).fields == {None: ts[int]}
    with pytest.raises(TypeError):
        Outputs(ts[int], x=ts[int])
    with pytest.raises(TypeError):
        Outputs(ts[int], ts[float])


def test_output_basket():
    basket = OutputBasket(Dict[str, ts[int]], shape=["a", "b"])
    assert basket.basket.kind == TsKind.DICT_BASKET and basket.shape == ["a", "b"] and basket.shape_of is None
    assert parse_ts_annotation(basket) == basket.basket
    assert OutputBasket(List[ts["T"]], shape_of="x").shape_of == "x"
    with pytest.raises(TypeError):
        OutputBasket(ts[int])
    with pytest.raises(TypeError):
        OutputBasket(List[ts[int]], shape=2, shape_of="x")


# -------------------------------------------------------------- signature


def test_build_signature():
    def f(x: ts["T"], b: [ts[int]], d: {str: ts[float]}, n: int, t: "T", v: "~T" = 1) -> Outputs(
        a=ts["T"], o=OutputBasket(List[ts[int]], shape="n")
    ):
        pass

    sig = build_signature(f, alarms=[AlarmDef("al", bool)])
    assert sig.name == "f" and sig.filename == __file__
    assert sig.inputs == (
        InputDef("x", TsKind.TS, "T"),
        InputDef("b", TsKind.LIST_BASKET, int),
        InputDef("d", TsKind.DICT_BASKET, float, str),
    )
    assert sig.scalars == (ScalarDef("n", int), ScalarDef("t", "T", True), ScalarDef("v", "T", False, 1))
    assert [a.name for a in sig.args] == ["x", "b", "d", "n", "t", "v"]
    assert [(o.name, o.kind, o.typ, o.shape) for o in sig.outputs] == [
        ("a", TsKind.TS, "T", None),
        ("o", TsKind.LIST_BASKET, int, "n"),
    ]
    assert sig.slot("x") == 0 and sig.slot("d") == 2 and sig.slot("al") == 3 and sig.slot("n") is None
    assert sig.output_index("o") == 1 and sig.has_named_outputs
    assert sig.inputs[0].default is NO_DEFAULT


def test_build_signature_single_and_no_outputs():
    def single(x: ts[int]) -> ts[float]:
        pass

    def none(x: ts[int]):
        pass

    def basket(x: ts[int]) -> {str: ts[int]}:
        pass

    assert [(o.name, o.typ) for o in build_signature(single).outputs] == [(None, float)]
    assert build_signature(none).outputs == ()
    assert build_signature(basket).outputs[0].kind == TsKind.DICT_BASKET
    assert not build_signature(single).has_named_outputs


def test_build_signature_errors():
    def missing(x: ts[int], y):
        pass

    def varargs(*x: ts[int]):
        pass

    def bad_return(x: ts[int]) -> int:
        pass

    with pytest.raises(CspParseError, match="must be type annotated") as info:
        build_signature(missing)
    assert info.value.filename == __file__
    with pytest.raises(CspParseError, match=r"\*args"):
        build_signature(varargs)
    with pytest.raises(CspParseError, match="output"):
        build_signature(bad_return)


# ------------------------------------------------------------ assignability


def test_is_assignable_and_requires_cast():
    assert is_assignable(float, int) and requires_cast(int, float)
    assert not is_assignable(int, float) and not requires_cast(float, float)
    assert is_assignable(Base, Derived) and not is_assignable(Derived, Base)
    assert is_assignable(typing.Any, str) and is_assignable(object, str)
    assert is_assignable(typing.Optional[int], int)
    assert is_assignable(List[int], List[int]) and is_assignable(list, List[int])
    assert not is_assignable(List[float], List[int])  # containers are not cast
    assert not is_assignable(str, int)


def test_substitute():
    assert substitute("T", {"T": int}) is int
    assert substitute(List["T"], {"T": int}) == List[int]
    assert substitute(Dict["K", List["T"]], {"K": str, "T": float}) == Dict[str, List[float]]
    assert substitute(list["T"], {"T": int}) == list[int]
    assert substitute(ts["T"], {"T": int}) is ts[int]
    with pytest.raises(KeyError):
        substitute(List["T"], {})


# -------------------------------------------------------------- resolution


def _sig(func):
    return build_signature(func)


def _pick(x: ts["T"], y: ts["T"]) -> ts["T"]:
    pass


@pytest.mark.parametrize(
    "x, y, expected",
    [
        (int, int, int),
        (int, float, float),
        (float, int, float),
        (bool, int, int),
        (int, bool, int),
        (Derived, Base, Base),
        (Base, Derived, Base),
        (List[int], List[int], List[int]),
    ],
)
def test_resolution_common_type(x, y, expected):
    resolution = resolve_signature(_sig(_pick), {"x": ts[x], "y": FakeEdge(y)})
    assert resolution.typevars == {"T": expected}
    assert resolution.outputs[0].typ == expected
    assert resolution.inputs["x"].typ == expected


def test_resolution_conflict_names_node_and_argument():
    with pytest.raises(TypeError, match=r"In '_pick', argument 'y': Conflicting type resolution for T: int and str"):
        resolve_signature(_sig(_pick), {"x": ts[int], "y": ts[str]})


def test_resolution_explicit_types_are_fixed():
    resolution = resolve_signature(_sig(_pick), {"x": int, "y": int}, explicit={"T": float})
    assert resolution.outputs[0].typ is float
    with pytest.raises(TypeError, match="Conflicting"):
        resolve_signature(_sig(_pick), {"x": float, "y": int}, explicit={"T": int})


def test_resolution_concrete_inputs_checked():
    def f(x: ts[float], y: ts[Base]) -> ts[float]:
        pass

    assert resolve_signature(_sig(f), {"x": int, "y": Derived}).inputs["x"].typ is float
    with pytest.raises(TypeError, match=r"In 'f', argument 'x': expected ts\[float\], got ts\[str\]"):
        resolve_signature(_sig(f), {"x": str, "y": Base})
    with pytest.raises(TypeError, match="argument 'y'"):
        resolve_signature(_sig(f), {"x": float, "y": int})


def test_resolution_rejects_non_time_series():
    with pytest.raises(TypeError, match="expected a time series"):
        resolve_signature(_sig(_pick), {"x": 1, "y": ts[int]})


def test_resolution_scalars():
    def f(x: ts["T"], v: "~T", t: "U") -> Outputs(a=ts["T"], b=ts["U"]):
        pass

    resolution = resolve_signature(_sig(f), {"x": ts[int], "v": 1.5, "t": str})
    assert resolution.typevars == {"T": float, "U": str}
    assert [o.typ for o in resolution.outputs] == [float, str]
    with pytest.raises(TypeError, match="argument 'v'"):
        resolve_signature(_sig(f), {"x": ts[int], "v": "s", "t": str})
    with pytest.raises(TypeError, match="argument 't': expected a type"):
        resolve_signature(_sig(f), {"x": ts[int], "v": 1, "t": 5})


def test_resolution_concrete_scalars_checked():
    def f(x: ts[int], n: int, r: float, s: [str], o: typing.Optional[int] = None, d: int = None) -> ts[int]:
        pass

    args = {"x": ts[int], "n": 1, "r": 2, "s": ["a"], "o": None, "d": None}
    resolve_signature(_sig(f), args)
    with pytest.raises(TypeError, match="argument 'n': expected a value of type int"):
        resolve_signature(_sig(f), {**args, "n": "one"})
    with pytest.raises(TypeError, match="argument 's'"):
        resolve_signature(_sig(f), {**args, "s": "abc"})


def test_resolution_scalar_defaults_are_used():
    def f(x: ts["T"], v: "~T" = 2.5) -> ts["T"]:
        pass

    assert resolve_signature(_sig(f), {"x": ts[int]}).typevars == {"T": float}


def test_resolution_nested_scalar_type_vars():
    def f(v: List["T"], d: Dict["K", "T"]) -> Outputs(a=ts["T"], k=ts["K"]):
        pass

    resolution = resolve_signature(_sig(f), {"v": [1, 2], "d": {"a": 3.0}})
    assert resolution.typevars == {"T": float, "K": str}


def test_resolution_baskets():
    def f(b: [ts["T"]], d: {"K": ts["V"]}) -> Outputs(t=ts["T"], k=ts["K"], v=ts["V"]):
        pass

    resolution = resolve_signature(_sig(f), {"b": [ts[int], FakeEdge(float)], "d": {"a": ts[str], "b": str}})
    assert [o.typ for o in resolution.outputs] == [float, str, str]
    assert resolution.inputs["d"].key_type is str
    with pytest.raises(TypeError, match="argument 'b': expected a list"):
        resolve_signature(_sig(f), {"b": ts[int], "d": {}})
    with pytest.raises(TypeError, match="argument 'd': expected a dict"):
        resolve_signature(_sig(f), {"b": [], "d": [ts[int]]})


def test_resolution_concrete_dict_keys_checked():
    def f(d: {str: ts[int]}) -> ts[int]:
        pass

    with pytest.raises(TypeError, match="argument 'd'"):
        resolve_signature(_sig(f), {"d": {1: ts[int]}})


def test_resolution_generic_containers():
    def f(x: ts[List["T"]], y: ts["T"]) -> ts["T"]:
        pass

    assert resolve_signature(_sig(f), {"x": ts[List[int]], "y": ts[int]}).typevars == {"T": int}
    assert resolve_signature(_sig(f), {"x": ts[List[int]], "y": ts[float]}).typevars == {"T": float}
    with pytest.raises(TypeError, match="argument 'x'"):
        resolve_signature(_sig(f), {"x": ts[Dict[int, int]], "y": ts[int]})


def test_resolution_unresolved_output():
    def f(b: [ts["T"]]) -> ts["T"]:
        pass

    with pytest.raises(TypeError, match="unable to resolve type variable 'T'"):
        resolve_signature(_sig(f), {"b": []})
    assert resolve_signature(_sig(f), {"b": []}, explicit={"T": int}).outputs[0].typ is int


def test_resolution_unconnected_optional_input():
    def f(x: ts[int], y: ts["T"] = None) -> ts[int]:
        pass

    resolution = resolve_signature(_sig(f), {"x": ts[int], "y": None})
    assert resolution.inputs["y"].typ == "T"


def test_resolution_alarms():
    def f(x: ts["T"]) -> ts[int]:
        pass

    sig = build_signature(f, alarms=[AlarmDef("a", "T")])
    assert resolve_signature(sig, {"x": ts[str]}).alarms == (AlarmDef("a", str),)
