"""Enums of the public API."""

from enum import IntEnum

from csp._native import PushMode  # noqa: F401  (LAST_VALUE=1, NON_COLLAPSING=2, BURST=3)


class TimeIndexPolicy(IntEnum):
    """How values_at-style queries treat their boundaries."""

    INCLUSIVE = 0
    EXCLUSIVE = 1
    EXTRAPOLATE = 2


class DuplicatePolicy(IntEnum):
    """Which tick value_at returns when several share a time."""

    LAST_VALUE = 1
    FIRST_VALUE = 2
