"""Tests for csp.impl.basket_proxy over a fake node context."""

import pytest

from csp.impl.basket_proxy import DictBasketProxy, ListBasketProxy, make_basket_proxy
from csp.impl.node_language import UNSET


class FakeBasketCtx:
    """Implements the basket part of the node context for one or more slots.

    ``tick(slot, index, value)`` makes an element tick in the current cycle;
    ``end_cycle()`` clears the ticked lists.
    """

    def __init__(self, sizes):
        self.values = {slot: [UNSET] * size for slot, size in sizes.items()}
        self.ticked = {slot: [] for slot in sizes}

    def tick(self, slot, index, value):
        self.values[slot][index] = value
        if index not in self.ticked[slot]:
            self.ticked[slot].append(index)

    def end_cycle(self):
        for ticked in self.ticked.values():
            ticked.clear()

    # -- the context interface --------------------------------------------
    def basket_ticked_elements(self, slot):
        return list(self.ticked[slot])

    def basket_element_valid(self, slot, index):
        return self.values[slot][index] is not UNSET

    def basket_element_value(self, slot, index):
        return self.values[slot][index]


@pytest.fixture
def ctx():
    return FakeBasketCtx({3: 3, 4: 3})


def test_make_basket_proxy_picks_kind(ctx):
    assert isinstance(make_basket_proxy(ctx, 3, 3), ListBasketProxy)
    assert isinstance(make_basket_proxy(ctx, 4, ["a", "b", "c"]), DictBasketProxy)


def test_list_basket_before_any_tick(ctx):
    x = ListBasketProxy(ctx, 3, 3)
    assert len(x) == 3
    assert not x.ticked()
    assert not x.valid()
    assert x.tickeditems() == [] and x.validitems() == [] and x.validkeys() == []
    assert x.keys() == [0, 1, 2]
    with pytest.raises(RuntimeError, match="list basket element 0 is not valid"):
        x[0]


def test_list_basket_ticked_in_tick_order(ctx):
    x = ListBasketProxy(ctx, 3, 3)
    ctx.tick(3, 2, "c")
    ctx.tick(3, 0, "a")
    assert x.ticked()
    assert x.tickedkeys() == [2, 0]
    assert x.tickedvalues() == ["c", "a"]
    assert x.tickeditems() == [(2, "c"), (0, "a")]
    assert x.validkeys() == [0, 2]
    assert x.validvalues() == ["a", "c"]
    assert x.validitems() == [(0, "a"), (2, "c")]
    assert not x.valid()
    assert x[2] == "c" and x[-1] == "c"
    assert x.element_ticked(0) and not x.element_ticked(1)
    assert x.element_valid(2) and not x.element_valid(1)


def test_list_basket_all_valid(ctx):
    x = ListBasketProxy(ctx, 3, 3)
    for i, value in enumerate([10, 11, 12]):
        ctx.tick(3, i, value)
    ctx.end_cycle()
    ctx.tick(3, 1, 21)
    assert x.valid()
    assert x.tickeditems() == [(1, 21)]
    assert list(x) == [10, 21, 12]
    assert x.values() == [10, 21, 12]
    assert x.items() == [(0, 10), (1, 21), (2, 12)]


def test_list_basket_index_errors(ctx):
    x = ListBasketProxy(ctx, 3, 3)
    with pytest.raises(IndexError):
        x[3]
    with pytest.raises(IndexError):
        x[-4]
    with pytest.raises(TypeError):
        x["a"]
    assert x.element_address(-1) == (3, 2)


def test_list_basket_iteration_requires_valid(ctx):
    x = ListBasketProxy(ctx, 3, 3)
    ctx.tick(3, 0, 1)
    with pytest.raises(RuntimeError):
        list(x)


def test_dict_basket(ctx):
    x = DictBasketProxy(ctx, 4, ["a", "b", "c"])
    assert len(x) == 3 and "a" in x and "z" not in x
    assert list(x) == ["a", "b", "c"] and x.keys() == ["a", "b", "c"]
    ctx.tick(4, 2, 3.0)
    ctx.tick(4, 1, 2.0)
    assert x.tickeditems() == [("c", 3.0), ("b", 2.0)]
    assert x.tickedkeys() == ["c", "b"]
    assert x.tickedvalues() == [3.0, 2.0]
    assert x.validitems() == [("b", 2.0), ("c", 3.0)]
    assert x.validkeys() == ["b", "c"] and x.validvalues() == [2.0, 3.0]
    assert x["b"] == 2.0
    assert not x.valid()
    assert x.element_ticked("c") and not x.element_ticked("a")
    assert x.element_address("c") == (4, 2)
    with pytest.raises(RuntimeError, match="dict basket element 'a' is not valid"):
        x["a"]
    with pytest.raises(KeyError):
        x["z"]
    with pytest.raises(RuntimeError):
        x.items()
    ctx.tick(4, 0, 1.0)
    assert x.valid()
    assert x.items() == [("a", 1.0), ("b", 2.0), ("c", 3.0)]
    assert x.values() == [1.0, 2.0, 3.0]


def test_dict_basket_duplicate_keys_rejected(ctx):
    with pytest.raises(ValueError):
        DictBasketProxy(ctx, 4, ["a", "a"])


def test_empty_baskets_are_valid():
    ctx = FakeBasketCtx({0: 0})
    assert ListBasketProxy(ctx, 0, 0).valid()
    assert DictBasketProxy(ctx, 0, []).valid()
