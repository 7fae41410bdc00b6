"""Output adapters written in Python: send values out of the graph.

Subclass ``OutputAdapter``, implement ``on_tick(time, value)`` and declare it
with ``csp.impl.wiring.py_output_adapter_def``. Output adapters start before
input adapters and nodes and stop after them, also when the run fails, so
``stop()`` is the place to flush.
"""

from abc import ABCMeta, abstractmethod
from datetime import datetime


class OutputAdapter(metaclass=ABCMeta):
    def start(self) -> None:
        """Called when the run starts (optional)."""

    def stop(self) -> None:
        """Called when the run stops (optional)."""

    @abstractmethod
    def on_tick(self, time: datetime, value: object) -> None:
        """Called on the engine thread with each value of the input."""
