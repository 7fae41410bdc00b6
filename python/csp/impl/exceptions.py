"""Exceptions raised while turning user functions into csp nodes and graphs."""

from typing import Optional

__all__ = ["CspParseError", "OutputTypeError"]


class CspParseError(Exception):
    """A ``@csp.node`` or ``@csp.graph`` definition is not valid.

    Attributes:
        msg: the bare message, without location.
        filename: the file of the offending definition, or ``None`` if unknown.
        lineno: the 1-based line in ``filename`` of the offending construct, or
            ``None`` if unknown.

    ``str(error)`` is the bare message, as in the reference csp; the location
    is attached as a note (PEP 678), so tracebacks show
    ``File "path.py", line 12`` under the message.
    """

    def __init__(self, msg: str, filename: Optional[str] = None, lineno: Optional[int] = None):
        super().__init__(msg)
        self.msg = msg
        self.filename = filename
        self.lineno = lineno
        if filename is not None or lineno is not None:
            self.add_note(f'File "{filename or "<unknown>"}", line {lineno if lineno is not None else "?"}')

    @property
    def location(self) -> str:
        """``File "path.py", line 12`` (what the traceback note shows)."""
        return self.__notes__[0] if getattr(self, "__notes__", None) else ""

    def __reduce__(self):
        return (type(self), (self.msg, self.filename, self.lineno))


class OutputTypeError(TypeError):
    """A value of the wrong type for an output (``str()`` is "Output malformed" when no message is given)."""

    def __init__(self, msg: str = "", *args, **kwargs):
        super().__init__(msg or "Output malformed")
