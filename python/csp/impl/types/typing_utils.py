"""``FastList[T]``: a struct field type for lists that are not ``list`` objects.

A field annotated ``FastList[int]`` validates like ``List[int]`` (every
element converted or refused, also on ``append``, ``extend``, ``insert``,
item assignment and ``+=``), but its value is a :class:`FastListValue`:
a sequence with the whole ``list`` interface that is **not** a ``list``
instance. It compares equal to lists with the same elements, shows as a list,
and whatever it hands out (slices, ``+``, ``*``, ``copy()``, ``copy.copy``,
``copy.deepcopy``, pickling) is a plain ``list``. In-place operators keep
the field's value. ``Struct.metadata()`` reports ``[T, True]`` for it.

``FastList`` itself is only an annotation: ``FastList()`` raises.
"""

from typing import Any, Callable, Generic, Iterable, List, TypeVar

__all__ = ["FastList", "FastListValue"]

T = TypeVar("T")


class FastList(list, Generic[T]):
    """Annotation for a struct field holding a :class:`FastListValue` of ``T`` (see the module docstring)."""

    def __init__(self):
        raise NotImplementedError("Can not init FastList class")


class FastListValue:
    """The value of a ``FastList[T]`` struct field: a validated, list-like sequence that is not a ``list``.

    ``check`` converts one element (raising ``TypeError`` for a value that
    does not fit); it is applied to every element that enters.
    """

    __slots__ = ("_items", "_check")
    __hash__ = None  # mutable, as list

    def __init__(self, items: Iterable[Any], check: Callable[[Any], Any]) -> None:
        self._check = check
        self._items: List[Any] = [check(item) for item in items]

    # ---- reading
    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self):
        return iter(self._items)

    def __reversed__(self):
        return reversed(self._items)

    def __contains__(self, item) -> bool:
        return item in self._items

    def __getitem__(self, index):
        return self._items[index]  # a slice is a new list

    def index(self, *args) -> int:
        return self._items.index(*args)

    def count(self, item) -> int:
        return self._items.count(item)

    def __repr__(self) -> str:
        return repr(self._items)

    __str__ = __repr__

    # ---- comparing
    @staticmethod
    def _plain(other):
        return other._items if isinstance(other, FastListValue) else other

    def __eq__(self, other):
        return self._items == self._plain(other)

    def __ne__(self, other):
        return self._items != self._plain(other)

    def __lt__(self, other):
        return self._items < self._plain(other)

    def __le__(self, other):
        return self._items <= self._plain(other)

    def __gt__(self, other):
        return self._items > self._plain(other)

    def __ge__(self, other):
        return self._items >= self._plain(other)

    # ---- modifying (every new element is validated)
    def append(self, item) -> None:
        self._items.append(self._check(item))

    def insert(self, index, item) -> None:
        self._items.insert(index, self._check(item))

    def extend(self, items) -> None:
        self._items.extend([self._check(item) for item in items])

    def __setitem__(self, index, value) -> None:
        if isinstance(index, slice):
            self._items[index] = [self._check(item) for item in value]
        else:
            self._items[index] = self._check(value)

    def __delitem__(self, index) -> None:
        del self._items[index]

    def pop(self, *args):
        return self._items.pop(*args)

    def remove(self, item) -> None:
        self._items.remove(item)

    def clear(self) -> None:
        self._items.clear()

    def sort(self, *, key=None, reverse=False) -> None:
        self._items.sort(key=key, reverse=reverse)

    def reverse(self) -> None:
        self._items.reverse()

    def __iadd__(self, items):
        self.extend(items)
        return self

    def __imul__(self, times):
        self._items *= times
        return self

    # ---- producing plain lists
    def __add__(self, other):
        return self._items + list(self._plain(other))

    def __radd__(self, other):
        return list(other) + self._items

    def __mul__(self, times):
        return self._items * times

    __rmul__ = __mul__

    def copy(self) -> list:
        return list(self._items)

    def __copy__(self) -> list:
        return list(self._items)

    def __deepcopy__(self, memo) -> list:
        from copy import deepcopy

        return deepcopy(self._items, memo)

    def __reduce__(self):
        return (list, (list(self._items),))

    def field_copy(self) -> "FastListValue":
        """A new value of the same field type holding the same elements (what ``Struct.copy`` stores)."""
        result = FastListValue.__new__(FastListValue)
        result._check, result._items = self._check, list(self._items)
        return result
