"""csp.utils: small helpers for writing csp programs (``csp.utils.datetime``)."""
