"""``csp.LogSettings``: the logger and time zone ``csp.log`` uses by default.

``LogSettings.set(logger_name, logging_tz)`` sets them for this thread;
``with LogSettings.with_set(...)`` sets them for a block. ``csp.log`` without
``logger=`` logs to ``get_instance().logger``; without ``logger_tz=`` it shows
engine times in ``get_instance().logging_tz`` (naive UTC when None). A queue
set with ``set_queue`` receives the log calls of ``csp.log(use_thread=True)``.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager

__all__ = ["LogSettings"]


class LogSettings:
    """A logger and a time zone for log entries (see the module docstring)."""

    TLS = threading.local()

    def __init__(self, logger_name, logging_tz):
        self.logger = logging.getLogger(logger_name)
        self.logging_tz = logging_tz

    @classmethod
    def set(cls, logger_name="csp", logging_tz=None) -> None:
        cls.TLS.instance = cls(logger_name, logging_tz)

    @classmethod
    @contextmanager
    def with_set(cls, logger_name="csp", logging_tz=None):
        with cls.with_set_instance(cls(logger_name, logging_tz)):
            yield

    @classmethod
    @contextmanager
    def with_set_instance(cls, instance):
        previous = getattr(cls.TLS, "instance", None)
        cls.TLS.instance = instance
        try:
            yield instance
        finally:
            cls.TLS.instance = previous

    @classmethod
    def get_instance(cls) -> "LogSettings":
        instance = getattr(cls.TLS, "instance", None)
        if instance is None:
            instance = cls.TLS.instance = cls("csp", None)
        return instance

    @classmethod
    def set_queue(cls, queue) -> None:
        cls.TLS.queue = queue

    @classmethod
    def get_queue(cls):
        return getattr(cls.TLS, "queue", None)

    @classmethod
    def has_queue(cls) -> bool:
        return cls.get_queue() is not None

    @classmethod
    def join_queue(cls) -> None:
        queue = cls.get_queue()
        if queue is not None:
            queue.join()
