"""Public sentinels: ``csp.UNSET`` ("no value", compare with ``is``)."""

from csp.impl.node_language import UNSET

__all__ = ["REMOVE_DYNAMIC_KEY", "UNSET"]


class _RemoveDynamicKey:
    """Type of REMOVE_DYNAMIC_KEY, the value that removes a key from a dynamic basket output."""

    def __repr__(self) -> str:
        return "REMOVE_DYNAMIC_KEY"


REMOVE_DYNAMIC_KEY = _RemoveDynamicKey()
