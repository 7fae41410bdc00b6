"""csp.utils.datetime: time helpers.

csp works in naive datetimes that mean UTC; ``utc_now()`` is the current
time in that form, the usual start time of a realtime run.
"""

from datetime import datetime, timezone

__all__ = ["utc_now"]


def utc_now() -> datetime:
    """The current UTC time as a naive datetime (no tzinfo), as csp expects
    (the value ``datetime.utcnow()`` gave, without its deprecation)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)
