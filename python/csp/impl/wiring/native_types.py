"""Which Python value types the C++ engine stores natively."""

from __future__ import annotations

from datetime import datetime, timedelta

from csp import _native

_NATIVE = {
    bool: _native.NativeType.BOOL,
    int: _native.NativeType.INT,
    float: _native.NativeType.FLOAT,
    datetime: _native.NativeType.DATETIME,
    timedelta: _native.NativeType.TIMEDELTA,
}


def native_type(typ) -> "_native.NativeType":
    """The engine storage for values of ``typ``: a C++ type, or a Python object."""
    if isinstance(typ, (list, dict, set)):  # the [int] / {str: int} / {int} shorthands: unhashable
        return _native.NativeType.OBJECT
    return _NATIVE.get(typ, _native.NativeType.OBJECT)


_NATIVE_LISTS = {
    _native.NativeType.BOOL: _native.NativeType.BOOL_LIST,
    _native.NativeType.INT: _native.NativeType.INT_LIST,
    _native.NativeType.FLOAT: _native.NativeType.FLOAT_LIST,
    _native.NativeType.DATETIME: _native.NativeType.DATETIME_LIST,
    _native.NativeType.TIMEDELTA: _native.NativeType.TIMEDELTA_LIST,
}
_NATIVE_LIST_SET = frozenset(_NATIVE_LISTS.values())


def native_list_type(element: "_native.NativeType") -> "_native.NativeType":
    """The storage of a list of ``element`` values made by a C++ node: a native list, or a Python object."""
    return _NATIVE_LISTS.get(element, _native.NativeType.OBJECT)


def is_native_list(native: "_native.NativeType") -> bool:
    return native in _NATIVE_LIST_SET
