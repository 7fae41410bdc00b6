"""Memoization of wiring within one graph build: same arguments, same edges.

Nodes, graphs and the base library's calls are memoized per graph build (the
build's ``GraphContext.memo``): wiring ``f(x, 1)`` twice gives the same edge.
Edges in arguments count by identity; arguments that cannot be hashed turn
memoization off for that call. ``csp.memoize(False)`` turns it off for all but
``force`` calls.
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Tuple

from csp.impl.mem_cache import memoization_enabled, normalize_arg
from csp.impl.wiring.context import current_context


def memo_key(prefix, values) -> Optional[tuple]:
    """A hashable key for wiring arguments (see :func:`csp.impl.mem_cache.normalize_arg`), or None if
    one cannot be hashed."""
    try:
        return (prefix,) + tuple(normalize_arg(v) for v in values)
    except TypeError:
        return None


def memoized(key, build: Callable[[], Tuple[Any, Any]], force: bool = False):
    """``build()`` returns (result, arguments): arguments stay referenced so edge ids in keys stay unique.

    Not memoized outside a graph build, for a ``None`` key, or inside
    ``csp.memoize(False)`` unless ``force``.
    """
    context = current_context()
    if key is None or context is None or not (force or memoization_enabled()):
        return build()[0]
    if key not in context.memo:
        context.memo[key] = build()
    return context.memo[key][0]


def memoized_call(key_parts: tuple, build: Callable[[], Any]):
    """Memoizes a library call's wiring like a node's: ``key_parts`` name the call and its arguments."""
    return memoized(memo_key(("baselib",), key_parts), lambda: (build(), key_parts))
