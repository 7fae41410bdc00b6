"""csp.GenericPushAdapter: push values into a graph from any thread, no subclass needed.

    adapter = csp.GenericPushAdapter(int)
    # in the graph:            adapter.out()
    # from another thread:     adapter.wait_for_start(); adapter.push_tick(1)

``push_tick`` returns False until the graph has started (and after it stops).
"""

from __future__ import annotations

import threading
from typing import Optional

from csp.impl.pushadapter import PushInputAdapter
from csp.impl.types import ts
from csp.impl.wiring.adapters import py_push_adapter_def


class _GenericPushAdapterImpl(PushInputAdapter):
    def __init__(self, owner: "GenericPushAdapter", typ: type) -> None:
        self._owner = owner

    def start(self, starttime, endtime) -> None:
        self._owner._bind(self)

    def stop(self) -> None:
        self._owner._unbind()


_generic_push_adapter = py_push_adapter_def("GenericPushAdapter", _GenericPushAdapterImpl, ts["T"], owner=object,
                                            typ="T")


class GenericPushAdapter:
    def __init__(self, typ: type, name: Optional[str] = None) -> None:
        self._typ = typ
        self._name = name
        self._impl: Optional[_GenericPushAdapterImpl] = None
        self._started = threading.Event()
        self._stopped = threading.Event()

    def out(self):
        """The adapter's edge (wire it once per graph)."""
        return _generic_push_adapter(self, self._typ)

    def push_tick(self, value) -> bool:
        """Any thread: pushes ``value``; False if the graph is not running."""
        impl = self._impl
        return impl.push_tick(value) if impl is not None else False

    def started(self) -> bool:
        return self._started.is_set()

    def stopped(self) -> bool:
        return self._stopped.is_set()

    def wait_for_start(self, timeout: Optional[float] = None) -> bool:
        return self._started.wait(timeout)

    def _bind(self, impl) -> None:
        self._impl = impl
        self._stopped.clear()
        self._started.set()

    def _unbind(self) -> None:
        self._impl = None
        self._stopped.set()
