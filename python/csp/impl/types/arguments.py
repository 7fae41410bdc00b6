"""Scalar arguments as nodes and graphs receive them.

Wiring accepts a few spellings of a scalar that the declared type turns into
its value, as the reference does: a number of seconds for a ``timedelta``
(also inside ``Optional[timedelta]``), and a list or tuple for a numpy array
type (made an array).
"""

from __future__ import annotations

import numbers
import typing
from datetime import timedelta
from types import UnionType
from typing import Any, Union

from csp.impl.types.numpy_types import array_argument

__all__ = ["is_seconds", "scalar_argument", "takes_timedelta"]


def is_seconds(value: Any) -> bool:
    """True for a number that stands for a duration in seconds (bools are not numbers here)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def takes_timedelta(typ: Any) -> bool:
    """True if ``typ`` is ``timedelta`` or a union holding it (``Optional[timedelta]``)."""
    if typ is timedelta:
        return True
    if typing.get_origin(typ) is Union or isinstance(typ, UnionType):
        return timedelta in typing.get_args(typ)
    return False


def scalar_argument(typ: Any, value: Any) -> Any:
    """``value`` as a scalar argument declared ``typ`` is received (unchanged unless a spelling above)."""
    if is_seconds(value) and takes_timedelta(typ):
        return timedelta(seconds=value)
    return array_argument(typ, value)
