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
    return _NATIVE.get(typ, _native.NativeType.OBJECT)
