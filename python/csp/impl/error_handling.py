"""Process-wide error reporting settings.

``set_print_full_exception_stack(True)`` asks for the full Python stack of
errors raised while wiring and running (csp's own frames included);
``set_capture_cpp_backtrace(True)`` asks the engine to record a C++
backtrace in the errors it raises. Both are flags read by the error paths;
tracebacks here are never trimmed and C++ errors carry no backtrace, so in
this implementation they do not change what is shown.
"""

from __future__ import annotations

__all__ = ["print_full_exception_stack", "set_capture_cpp_backtrace", "set_print_full_exception_stack"]

_settings = {"print_full_exception_stack": False, "capture_cpp_backtrace": False}


def set_print_full_exception_stack(new_value: bool) -> bool:
    """Sets whether errors show their full stack; returns the previous value."""
    previous = _settings["print_full_exception_stack"]
    _settings["print_full_exception_stack"] = bool(new_value)
    return previous


def print_full_exception_stack() -> bool:
    return _settings["print_full_exception_stack"]


def set_capture_cpp_backtrace(value: bool = True) -> None:
    """Sets whether engine (C++) errors should capture a C++ backtrace."""
    _settings["capture_cpp_backtrace"] = bool(value)
