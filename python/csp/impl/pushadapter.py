"""Push input adapters written in Python (realtime data from your threads).

Subclass ``PushInputAdapter``; start a thread in ``start()`` that calls
``self.push_tick(value)``; join it in ``stop()``. Declare the adapter with
``csp.impl.wiring.py_push_adapter_def``. ``push_tick`` may be called from
any thread, from the start of the run (adapter managers start their threads
before the adapters start) until the adapter stops; after that it returns
False. In simulation runs pushed values are dropped.

``PushGroup``: adapters created with the same ``push_group=`` stay consistent
with each other. ``PushBatch``: values pushed within one
``with PushBatch() as batch: adapter.push_tick(v, batch)`` land in one cycle.
"""

from datetime import datetime
from typing import List, Optional, Tuple

from csp import _native

PushGroup = _native.PushGroup


class PushBatch:
    """Collects pushes from one thread and hands them to the engine together on exit."""

    def __init__(self, engine=None) -> None:  # the engine argument is accepted for compatibility
        self._items: List[Tuple[object, object]] = []

    def __enter__(self) -> "PushBatch":
        return self

    def __exit__(self, *exc_info) -> None:
        self.flush()

    def add(self, target, value) -> None:
        self._items.append((target, value))

    def flush(self) -> None:
        if self._items:
            items, self._items = self._items, []
            _native.push_batch(items)


class PushInputAdapter:
    """Base class of push adapters implemented in Python."""

    _target = None
    _shutdown_error: Optional[BaseException] = None

    def start(self, starttime: datetime, endtime: datetime) -> None:
        """Called on the engine thread when the run starts: start your threads here."""

    def stop(self) -> None:
        """Called on the engine thread when the run stops: stop and join your threads here."""

    def push_tick(self, value, batch: Optional[PushBatch] = None) -> bool:
        """Any thread: delivers ``value`` to the graph in a coming cycle; False if not running."""
        if self._target is None:
            return False
        if batch is not None:
            batch.add(self._target, value)
            return True
        return self._target.push_tick(value)

    def shutdown_engine(self, error: BaseException) -> None:
        """Any thread: stops the run; csp.run then raises ``error``."""
        self._shutdown_error = error
        if self._target is not None:
            self._target.request_stop()

    def _bind_target(self, target) -> None:
        self._target = target
