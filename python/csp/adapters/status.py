"""Adapter status reports: ``Status(level, status_code, msg)`` ticked by an adapter's ``status()`` edge.

``level`` is a ``Level`` (an int on the struct); ``status_code`` and ``msg``
are the adapter's own code and text.
"""

from enum import IntEnum

from csp.impl.struct import Struct

__all__ = ["Level", "Status"]


class Level(IntEnum):
    DEBUG = 0
    INFO = 1
    WARNING = 2
    ERROR = 3
    CRITICAL = 4


class Status(Struct):
    level: int
    status_code: int
    msg: str
