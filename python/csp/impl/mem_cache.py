"""Memoization of graph-building functions: ``csp.csp_memoized`` and ``csp.memoize``.

While a graph is built, calling a memoized function again with equal
arguments returns the object it returned the first time (an edge, a list of
edges, an adapter manager, any object). The cache lives in the graph being
built, or in the global context (``csp.new_global_context``) when one is
active, which then spans builds. Outside both, a memoized call runs every
time (``force_memoize=True`` makes that an error).

``with csp.memoize(False):`` turns memoization off on this thread, for nodes,
graphs and base-library nodes as well; ``force_memoize=True`` functions are
memoized anyway.
"""

from __future__ import annotations

import functools
import inspect
import threading
import warnings
from contextlib import contextmanager
from typing import Any, Callable, Optional

from csp.impl.wiring.edge import Edge

__all__ = ["csp_memoized", "csp_memoized_graph_object", "function_full_name", "memoization_enabled", "memoize",
           "normalize_arg"]

_state = threading.local()


def memoization_enabled() -> bool:
    """False inside ``with csp.memoize(False)`` on this thread."""
    return getattr(_state, "enabled", True)


@contextmanager
def memoize(value: bool = True):
    """Context manager: memoization on (True) or off (False) for the calls made inside it."""
    previous = memoization_enabled()
    _state.enabled = bool(value)
    try:
        yield
    finally:
        _state.enabled = previous


def normalize_arg(value: Any) -> Any:
    """A hashable stand-in for an argument: edges by identity; lists, tuples, dicts and sets by content;
    other values with their type, so that ``1``, ``1.0`` and ``True`` stay different arguments.

    Raises TypeError for values that cannot be hashed (the call is then not memoized).
    """
    if isinstance(value, Edge):
        return ("edge", id(value))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__,) + tuple(normalize_arg(v) for v in value)
    if isinstance(value, dict):
        return ("dict",) + tuple((normalize_arg(k), normalize_arg(v)) for k, v in value.items())
    if isinstance(value, (set, frozenset)):
        return ("set", frozenset(normalize_arg(v) for v in value))
    hash(value)
    return (type(value), value)


def _active_cache() -> Optional[dict]:
    """The cache of the global context if one is active, else of the graph being built, else None."""
    from csp.impl.wiring.context import active_global_context, current_context

    context = active_global_context() or current_context()
    return None if context is None else context.user_memo


class _MemoizedFunction:
    """A function whose results are cached per graph build (see the module docstring)."""

    def __init__(self, func: Callable, force_memoize: bool, function_name: Optional[str], is_user_data: bool) -> None:
        self._func = func
        self._signature = inspect.signature(func)
        self._force = force_memoize
        self._label = function_name or str(func)
        self._is_user_data = is_user_data
        functools.update_wrapper(self, func)

    def __get__(self, instance, owner=None):
        return self if instance is None else functools.partial(self, instance)

    def __call__(self, *args, **kwargs):
        if not (self._force or memoization_enabled()):
            return self._func(*args, **kwargs)
        cache = _active_cache()
        if cache is None:
            if self._force:
                raise RuntimeError(f"Can't memoize {self._label} - no memcache instance is set")
            return self._func(*args, **kwargs)
        key = self._key(args, kwargs)
        if key is None:
            return self._func(*args, **kwargs)
        if key not in cache:
            cache[key] = (self._func(*args, **kwargs), args, kwargs)  # arguments kept alive: ids stay unique
        return cache[key][0]

    def _key(self, args, kwargs) -> Optional[tuple]:
        bound = self._signature.bind(*args, **kwargs)
        bound.apply_defaults()
        try:
            return (id(self), tuple((name, normalize_arg(value)) for name, value in bound.arguments.items()))
        except TypeError as error:
            if self._force:
                raise
            warnings.warn(f"Not memoizing output of {self._label}: {error}", Warning, stacklevel=4)
            return None


def csp_memoized(func: Optional[Callable] = None, *, force_memoize: bool = False, function_name: Optional[str] = None,
                 is_user_data: bool = True):
    """Decorator: cache ``func``'s result per graph build (or global context) by its arguments.

    ``force_memoize``: memoize even inside ``csp.memoize(False)``, and raise
    RuntimeError when called with no graph being built and no global context,
    or TypeError when an argument is unhashable (otherwise a warning is given
    and the call is not memoized). ``function_name`` names the function in
    those messages. ``is_user_data`` is accepted for compatibility (user
    objects and graph objects share one cache).
    """
    def wrap(f: Callable) -> _MemoizedFunction:
        return _MemoizedFunction(f, force_memoize, function_name, is_user_data)

    return wrap(func) if func is not None else wrap


def csp_memoized_graph_object(func: Optional[Callable] = None, *, force_memoize: bool = False,
                              function_name: Optional[str] = None):
    """``csp_memoized`` for functions that return graph objects (edges, nodes)."""
    return csp_memoized(func, force_memoize=force_memoize, function_name=function_name, is_user_data=False)


def function_full_name(f: Callable) -> str:
    """``module.qualname`` of a function, as memoization messages name it."""
    return f"{f.__module__}.{f.__qualname__}"
