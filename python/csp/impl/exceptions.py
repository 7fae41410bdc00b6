"""Exceptions raised while turning user functions into csp nodes and graphs."""

from typing import Optional

__all__ = ["CspParseError"]


class CspParseError(Exception):
    """A ``@csp.node`` or ``@csp.graph`` definition is not valid.

    Attributes:
        msg: the bare message, without location.
        filename: the file of the offending definition, or ``None`` if unknown.
        lineno: the 1-based line in ``filename`` of the offending construct, or
            ``None`` if unknown.

    ``str(error)`` reads like ``File "path.py", line 12: <message>`` so that
    the location is visible however the error is reported.
    """

    def __init__(self, msg: str, filename: Optional[str] = None, lineno: Optional[int] = None):
        super().__init__(msg, filename, lineno)
        self.msg = msg
        self.filename = filename
        self.lineno = lineno

    def __str__(self) -> str:
        if self.filename is None and self.lineno is None:
            return self.msg
        location = f'File "{self.filename}"' if self.filename is not None else "File <unknown>"
        if self.lineno is not None:
            location += f", line {self.lineno}"
        return f"{location}: {self.msg}"
