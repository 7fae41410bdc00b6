"""Adapter managers written in Python, and the simulation adapters they tick.

An adapter manager serves many adapters from one source (a file holding
every symbol, a connection). It has two halves:

- a graph-time object, created in the graph, whose methods wire adapters
  (``subscribe(...)`` returns an edge) and whose ``_create(engine, memo)``
  returns the implementation when the graph is built;
- the implementation, an ``AdapterManagerImpl`` subclass. In simulation the
  engine calls its ``process_next_sim_timeslice(now)`` at the start time and
  then at every time it returns (None: no more calls), in time order with
  every other event; it ticks its ``ManagedSimInputAdapter`` there with
  ``push_tick``. In realtime its ``start`` may start threads that push into
  push adapters declared with ``manager_type``.

::

    class Feed:                                   # graph time
        def subscribe(self, symbol, push_mode=csp.PushMode.NON_COLLAPSING):
            return FeedAdapter(self, symbol, push_mode=push_mode)
        def _create(self, engine, memo):
            return FeedImpl(engine)

    class FeedImpl(AdapterManagerImpl):           # run time
        def __init__(self, engine):
            super().__init__(engine)
            self.adapters = {}
        def process_next_sim_timeslice(self, now):
            ...  # self.adapters[symbol].push_tick(value) for the rows at `now`
            return time_of_next_row                # or None

    class FeedAdapterImpl(ManagedSimInputAdapter):
        def __init__(self, manager_impl, symbol):
            super().__init__()
            manager_impl.adapters[symbol] = self

    FeedAdapter = py_managed_adapter_def("FeedAdapter", FeedAdapterImpl, ts[float], Feed, symbol=str)
"""

from __future__ import annotations

from datetime import datetime
from typing import Optional


class AdapterManagerImpl:
    """The run-time half of an adapter manager; the engine calls its methods on its own thread."""

    _shutdown_error: Optional[BaseException] = None

    def __init__(self, engine) -> None:
        self._link = engine.add_py_adapter_manager(self)

    def start(self, starttime: datetime, endtime: datetime) -> None:
        """Called before the adapters start (optional)."""

    def stop(self) -> None:
        """Called after the adapters stop, also when the run fails (optional)."""

    def process_next_sim_timeslice(self, now: datetime) -> Optional[datetime]:
        """Ticks the managed adapters due at ``now``; returns when to be called next, or None."""
        return None

    def starttime(self) -> Optional[datetime]:
        """The run's start time (None once the manager stopped)."""
        return self._link.start_time()

    def endtime(self) -> Optional[datetime]:
        """The run's end time (None once the manager stopped)."""
        return self._link.end_time()

    def shutdown_engine(self, error: BaseException) -> None:
        """Any thread: stops the run; csp.run then raises ``error``."""
        self._shutdown_error = error
        self._link.request_stop()


class ManagedSimInputAdapter:
    """A simulation adapter ticked by its manager: call ``push_tick`` from process_next_sim_timeslice.

    ``typ`` and ``field_map`` serve ``process_dict``: a csp.Struct type with an
    optional ``{dict key: struct field}`` map, or any type with the name of the
    dict key holding the value.
    """

    _target = None

    def __init__(self, typ=None, field_map=None) -> None:
        self._type = typ
        self._field_map = field_map

    def start(self, starttime: datetime, endtime: datetime) -> None:
        """Called when the run starts (optional)."""

    def stop(self) -> None:
        """Called when the run stops (optional)."""

    def push_tick(self, value) -> bool:
        """Engine thread: ticks ``value`` now (as the push mode says); False if the adapter is not running."""
        if self._target is None:
            return False
        return self._target.push_tick(value)

    def process_dict(self, data: dict, keep_none: bool = True) -> bool:
        """Ticks the value that ``data`` describes (see the class docstring)."""
        return self.push_tick(_value_of_dict(self._type, self._field_map, data, keep_none))

    def _bind_target(self, target) -> None:
        self._target = target


def _value_of_dict(typ, field_map, data: dict, keep_none: bool):
    from csp.impl.struct import Struct

    if isinstance(field_map, str):
        return data.get(field_map)
    if not (isinstance(typ, type) and issubclass(typ, Struct)):
        raise TypeError(f"process_dict needs a csp.Struct type or a field name, got type {typ!r} and "
                        f"field_map {field_map!r}")
    mapping = field_map if field_map is not None else {key: key for key in data}
    fields = {field: data[key] for key, field in mapping.items() if key in data}
    if not keep_none:
        fields = {field: value for field, value in fields.items() if value is not None}
    return typ(**fields)
