"""``csp.Enum`` and ``csp.DynamicEnum``: int-valued enumerations.

Contract (matching the reference csp package):

* members are ints (``IntEnum``): ``isinstance(E.A, int)``, ``int(E.A)``,
  ordering and arithmetic work like ints, and ``hash(E.A) == hash(E.A.value)``;
* but equality is *identity* of members: ``E.A == 1`` is ``False``, and a
  member of another enum with the same value is not equal either;
* ``str(E.A)`` and ``format(E.A)`` are ``"E.A"``, ``repr(E.A)`` is ``"<E.A: 1>"``;
* ``csp.Enum.auto()`` numbers from 0, then one more than the previous member;
* ``E("A")`` looks a member up by name as well as by value;
* values that are not ints are converted with ``int()`` (so ``A = "x"``
  raises ``ValueError``).
"""

from __future__ import annotations

import enum
from typing import Dict, List, Optional, Union

__all__ = ["DynamicEnum", "Enum"]


class Enum(enum.IntEnum):
    """Base class of csp enums: subclass it and declare int members."""

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        return last_values[-1] + 1 if last_values else 0

    @classmethod
    def _missing_(cls, value):
        if isinstance(value, str):
            return cls._member_map_.get(value)
        return None

    def __str__(self) -> str:
        return f"{type(self).__name__}.{self._name_}"

    def __format__(self, format_spec: str) -> str:
        return str(self)

    # Members compare by identity (not by their int value), yet hash like their value.
    def __eq__(self, other) -> bool:
        return self is other

    def __ne__(self, other) -> bool:
        return self is not other

    __hash__ = int.__hash__


Enum.auto = enum.auto  # set after creation: in the class body it would become a member


def DynamicEnum(name: str, values: Union[Dict[str, int], List[str]], start: int = 0,  # noqa: N802 - the API's name
                module_name: Optional[str] = None):
    """Creates a ``csp.Enum`` type at run time.

    ``values`` is either a dict ``{member name: int value}`` or a list of
    member names, numbered from ``start``. ``module_name`` sets the new
    type's ``__module__`` (pickling finds the type there).
    """
    if isinstance(values, dict):
        members = [(str(key), int(value)) for key, value in values.items()]
    else:
        members = [(str(key), start + i) for i, key in enumerate(values)]
    return Enum(name, members, module=module_name)
