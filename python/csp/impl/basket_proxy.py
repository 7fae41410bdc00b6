"""Basket inputs as seen from inside a ``@csp.node``.

A node with a basket input ``x: [ts[T]]`` or ``x: {K: ts[T]}`` gets, once
when it starts, a local ``x = _csp_ctx.basket(slot)``: a
:class:`ListBasketProxy` or :class:`DictBasketProxy` reading the basket's
elements on demand through the node context. Build one with
:func:`make_basket_proxy`.

Elements are numbered ``0 .. n-1`` (the *element index*). For a list basket
the element index is the list index; for a dict basket it is the position of
the key in the ``keys`` the proxy was built with.

The context interface
---------------------
The proxies need exactly these methods of the node context ``ctx``
(implemented by the C++ engine, or by a fake in tests):

``ctx.basket_ticked_elements(slot) -> Sequence[int]``
    Element indices that ticked in the current cycle, each once, in the
    order they ticked (propagation order). Empty if none ticked.
``ctx.basket_element_valid(slot, index) -> bool``
    Whether the element has ticked at least once.
``ctx.basket_element_value(slot, index) -> object``
    The element's current value, or :data:`~csp.impl.node_language.UNSET`
    if it never ticked.

History functions and the like address a single basket element by
``(slot, index)``; :meth:`element_address` gives that pair (see
``csp.impl.node_parser``).

Semantics
---------
``ticked*()`` methods list elements in the order they ticked this cycle;
``valid*()`` methods list the valid elements in element-index order;
``keys()``/``values()``/``items()``, ``[]`` and iteration cover every
element and raise ``RuntimeError`` when reading an element that never
ticked. A list proxy iterates over values, like a list; a dict proxy over
keys, like a dict.
"""

import operator
from typing import Any, Hashable, Iterator, List, Sequence, Tuple, Union

from csp.impl.node_language import UNSET

__all__ = ["BasketProxy", "DictBasketProxy", "DynamicBasketEvents", "DynamicBasketProxy", "ListBasketProxy",
           "make_basket_proxy"]


class BasketProxy:
    """Behaviour shared by list and dict basket proxies.

    Subclasses map between user-facing keys and element indices with
    :meth:`_key` and :meth:`_index`.
    """

    __slots__ = ("_ctx", "_slot", "_size")

    def __init__(self, ctx: Any, slot: int, size: int):
        self._ctx = ctx
        self._slot = slot
        self._size = size

    # -- key <-> element index (subclasses) ---------------------------------

    def _key(self, index: int) -> Any:
        raise NotImplementedError

    def _index(self, key: Any) -> int:
        raise NotImplementedError

    def _describe(self, key: Any) -> str:
        raise NotImplementedError

    # -- element access ------------------------------------------------------

    def _value(self, index: int) -> Any:
        value = self._ctx.basket_element_value(self._slot, index)
        if value is UNSET:
            raise RuntimeError(f"{self._describe(self._key(index))} is not valid")
        return value

    def _valid_indices(self) -> List[int]:
        is_valid = self._ctx.basket_element_valid
        return [i for i in range(self._size) if is_valid(self._slot, i)]

    def _ticked_indices(self) -> Sequence[int]:
        return self._ctx.basket_ticked_elements(self._slot)

    # -- whole basket --------------------------------------------------------

    def ticked(self) -> bool:
        """True if any element ticked in this cycle."""
        return len(self._ticked_indices()) > 0

    def valid(self) -> bool:
        """True if every element has ticked at least once (vacuously true if empty)."""
        return len(self._valid_indices()) == self._size

    def __len__(self) -> int:
        """Number of elements in the basket."""
        return self._size

    # -- ticked elements, in tick order ---------------------------------------

    def tickedkeys(self) -> List[Any]:
        """Keys of the elements that ticked this cycle, in tick order."""
        return [self._key(i) for i in self._ticked_indices()]

    def tickedvalues(self) -> List[Any]:
        """Values of the elements that ticked this cycle, in tick order."""
        return [self._value(i) for i in self._ticked_indices()]

    def tickeditems(self) -> List[Tuple[Any, Any]]:
        """``(key, value)`` of the elements that ticked this cycle, in tick order."""
        return [(self._key(i), self._value(i)) for i in self._ticked_indices()]

    # -- valid elements, in element order ----------------------------------

    def validkeys(self) -> List[Any]:
        """Keys of the elements that have ticked at least once."""
        return [self._key(i) for i in self._valid_indices()]

    def validvalues(self) -> List[Any]:
        """Values of the elements that have ticked at least once."""
        return [self._value(i) for i in self._valid_indices()]

    def validitems(self) -> List[Tuple[Any, Any]]:
        """``(key, value)`` of the elements that have ticked at least once."""
        return [(self._key(i), self._value(i)) for i in self._valid_indices()]

    # -- every element ---------------------------------------------------------

    def keys(self) -> List[Any]:
        """Keys of all elements, in element order."""
        return [self._key(i) for i in range(self._size)]

    def values(self) -> List[Any]:
        """Values of all elements; ``RuntimeError`` if one never ticked."""
        return [self._value(i) for i in range(self._size)]

    def items(self) -> List[Tuple[Any, Any]]:
        """``(key, value)`` of all elements; ``RuntimeError`` if one never ticked."""
        return [(self._key(i), self._value(i)) for i in range(self._size)]

    def __getitem__(self, key: Any) -> Any:
        """Current value of element ``key``; ``RuntimeError`` if it never ticked."""
        return self._value(self._index(key))

    # -- single elements, used by compiled node code -----------------------

    def element_ticked(self, key: Any) -> bool:
        """True if element ``key`` ticked in this cycle."""
        return self._index(key) in self._ticked_indices()

    def element_valid(self, key: Any) -> bool:
        """True if element ``key`` has ticked at least once."""
        return self._ctx.basket_element_valid(self._slot, self._index(key))

    def element_address(self, key: Any) -> Tuple[int, int]:
        """``(slot, element index)`` of element ``key``, to address it in the context."""
        return (self._slot, self._index(key))


class ListBasketProxy(BasketProxy):
    """A list basket ``[ts[T]]`` of ``size`` elements; keys are ``0 .. size-1``.

    Negative indices count from the end, as for lists. Iterating yields the
    values of all elements.
    """

    __slots__ = ()

    def _key(self, index: int) -> int:
        return index

    def _index(self, key: int) -> int:
        try:
            key = operator.index(key)
        except TypeError:
            raise TypeError(f"list basket indices must be integers, not {type(key).__name__}") from None
        index = key + self._size if key < 0 else key
        if not 0 <= index < self._size:
            raise IndexError(f"list basket index {key} out of range (size {self._size})")
        return index

    def _describe(self, key: int) -> str:
        return f"list basket element {key}"

    def __iter__(self) -> Iterator[Any]:
        """Values of all elements; ``RuntimeError`` if one never ticked."""
        return iter(self.values())

    def __repr__(self) -> str:
        return f"ListBasketProxy(slot={self._slot}, size={self._size})"


class DictBasketProxy(BasketProxy):
    """A dict basket ``{K: ts[T]}`` whose element ``i`` has key ``keys[i]``.

    Supports ``key in basket``; iterating yields the keys.
    """

    __slots__ = ("_keys", "_indices")

    def __init__(self, ctx: Any, slot: int, keys: Sequence[Hashable]):
        super().__init__(ctx, slot, len(keys))
        self._keys = list(keys)
        self._indices = {key: i for i, key in enumerate(self._keys)}
        if len(self._indices) != len(self._keys):
            raise ValueError("dict basket keys must be unique")

    def _key(self, index: int) -> Hashable:
        return self._keys[index]

    def _index(self, key: Hashable) -> int:
        try:
            return self._indices[key]
        except KeyError:
            raise KeyError(key) from None

    def _describe(self, key: Hashable) -> str:
        return f"dict basket element {key!r}"

    def __contains__(self, key: Hashable) -> bool:
        return key in self._indices

    def __iter__(self) -> Iterator[Hashable]:
        """The keys, in element order."""
        return iter(self._keys)

    def __repr__(self) -> str:
        return f"DictBasketProxy(slot={self._slot}, keys={self._keys!r})"


class DynamicBasketEvents:
    """``basket.shape`` of a dynamic basket input: the keys ``added`` and
    ``removed`` in this cycle (empty lists when the shape did not change)."""

    __slots__ = ("_ctx", "_slot", "_seen")

    def __init__(self, ctx: Any, slot: int):
        self._ctx = ctx
        self._slot = slot
        self._seen = False

    def _events(self):
        events = self._ctx.dynamic_shape(self._slot)
        if events is not None:
            self._seen = True
        return events

    @property
    def added(self) -> List[Hashable]:
        events = self._events()
        return list(events[0]) if events is not None else []

    @property
    def removed(self) -> List[Hashable]:
        events = self._events()
        return list(events[1]) if events is not None else []

    def ticked(self) -> bool:
        """True if keys were added or removed in this cycle."""
        return self._events() is not None

    def valid(self) -> bool:
        """True once the shape has changed at least once."""
        self._events()
        return self._seen

    def __repr__(self) -> str:
        return f"DynamicBasketEvents(added={self.added!r}, removed={self.removed!r})"


class DynamicBasketProxy(DictBasketProxy):
    """A dynamic basket ``{ts[K]: ts[T]}``: a dict basket whose keys change.

    Elements are addressed by the engine's element ids; the keys are asked
    of the context each time (``ctx.dynamic_keys``). ``shape`` gives the
    keys added and removed in this cycle.
    """

    __slots__ = ("shape",)

    def __init__(self, ctx: Any, slot: int):
        BasketProxy.__init__(self, ctx, slot, 0)
        self.shape = DynamicBasketEvents(ctx, slot)

    @property
    def _keys(self) -> List[Hashable]:  # type: ignore[override]
        return self._ctx.dynamic_keys(self._slot)

    def _key(self, index: int) -> Hashable:
        return self._ctx.dynamic_key(self._slot, index)

    def _index(self, key: Hashable) -> int:
        index = self._ctx.dynamic_element(self._slot, key)
        if index is None:
            raise KeyError(key)
        return index

    def _indices_in_order(self) -> List[int]:
        return [self._index(key) for key in self._keys]

    def _valid_indices(self) -> List[int]:
        is_valid = self._ctx.basket_element_valid
        return [i for i in self._indices_in_order() if is_valid(self._slot, i)]

    def valid(self) -> bool:
        return len(self._valid_indices()) == len(self)

    def __len__(self) -> int:
        return self._ctx.basket_size(self._slot)

    def keys(self) -> List[Any]:
        return self._keys

    def values(self) -> List[Any]:
        return [self._value(i) for i in self._indices_in_order()]

    def items(self) -> List[Tuple[Any, Any]]:
        return [(self._key(i), self._value(i)) for i in self._indices_in_order()]

    def __contains__(self, key: Hashable) -> bool:
        return self._ctx.dynamic_element(self._slot, key) is not None

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._keys)

    def __repr__(self) -> str:
        return f"DynamicBasketProxy(slot={self._slot}, keys={self._keys!r})"


def make_basket_proxy(ctx: Any, slot: int, shape: Union[None, int, Sequence[Hashable]]) -> BasketProxy:
    """Proxy for the basket input at ``slot``.

    ``shape`` is the number of elements of a list basket, the keys (in
    element-index order) of a dict basket, or None for a dynamic basket.
    """
    if shape is None:
        return DynamicBasketProxy(ctx, slot)
    if isinstance(shape, int):
        return ListBasketProxy(ctx, slot, shape)
    return DictBasketProxy(ctx, slot, shape)
