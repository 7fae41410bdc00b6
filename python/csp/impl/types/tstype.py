"""The time-series type ``ts[T]`` and predicates on annotations.

``ts`` and ``TsType`` are the same class as ``csp.ts`` (see
:mod:`csp.impl.types`). ``isTsType(x)`` is true for a ``ts[...]``;
``isTsBasket(x)`` / ``isTsStaticBasket(x)`` for a typing basket annotation,
``List[ts[T]]`` or ``Dict[K, ts[T]]`` (the literal forms ``[ts[T]]`` and
``{K: ts[T]}`` are not typing objects and give ``False``).
``isTsDynamicBasket(x)`` for a dynamic basket type, ``Dict[ts[K], ts[T]]``
(``csp.DynamicBasket[K, T]``).
"""

import typing
from typing import Any

from csp.impl.types import TsType, dynamic_basket_types, ts

__all__ = ["TsType", "isTsBasket", "isTsDynamicBasket", "isTsStaticBasket", "isTsType", "ts"]


def isTsType(typ: Any) -> bool:  # noqa: N802 (the reference's name)
    """True if ``typ`` is a ``ts[...]`` type."""
    return isinstance(typ, TsType)


def isTsStaticBasket(typ: Any) -> bool:  # noqa: N802
    """True for ``List[ts[T]]`` and ``Dict[K, ts[T]]`` (typing forms)."""
    origin, args = typing.get_origin(typ), typing.get_args(typ)
    if origin is list and len(args) == 1:
        return isTsType(args[0])
    if origin is dict and len(args) == 2:
        return isTsType(args[1]) and not isTsType(args[0])
    return False


def isTsDynamicBasket(typ: Any) -> bool:  # noqa: N802
    """True for ``Dict[ts[K], ts[T]]``, the type of a dynamic basket (``csp.DynamicBasket[K, T]``)."""
    return not isinstance(typ, dict) and dynamic_basket_types(typ) is not None


def isTsBasket(typ: Any) -> bool:  # noqa: N802
    """True for a static (typing) basket annotation."""
    return isTsStaticBasket(typ) or isTsDynamicBasket(typ)
