"""Pull input adapters written in Python (simulation data, read in time order).

Subclass ``PullInputAdapter``, implement ``next()``, and declare it with
``csp.impl.wiring.py_pull_adapter_def``::

    class Counter(PullInputAdapter):
        def __init__(self, interval, n):
            super().__init__()
            self._interval, self._n = interval, n
        def start(self, start_time, end_time):
            super().start(start_time, end_time)
            self._time, self._i = start_time, 0
        def next(self):
            if self._i == self._n:
                return None
            self._i += 1
            self._time += self._interval
            return self._time, self._i

    CounterAdapter = py_pull_adapter_def("Counter", Counter, ts[int], interval=timedelta, n=int)
"""

from abc import ABCMeta, abstractmethod
from datetime import datetime


class PullInputAdapter(metaclass=ABCMeta):
    """The engine calls ``start``, then ``next`` one event ahead, then ``stop``, on its own thread."""

    def __init__(self) -> None:
        self._start_time = None
        self._end_time = None

    def start(self, start_time: datetime, end_time: datetime) -> None:
        """Called when the run starts (optional)."""
        self._start_time = start_time
        self._end_time = end_time

    @abstractmethod
    def next(self):
        """The next event as ``(datetime, value)`` in time order, or None when there is no more data."""

    def stop(self) -> None:
        """Called when the run stops (optional)."""
