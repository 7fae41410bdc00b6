"""Math on time series: csp.add, csp.divide, csp.exp, ... and the Edge operators.

Binary nodes tick when either input ticks, once both are valid. float/float
and int/int run in C++; an int operand meets a float one through
cast_int_to_float; any other types fall back to a Python node applying the
operator. A scalar operand becomes a csp.const of the other operand's type.
With a numpy array operand (ts[Numpy1DArray[T]], ts[NumpyNDArray[T]]) the
operators and float functions apply numpy's element-wise ufuncs (broadcasting
as numpy does) and give a ts[NumpyNDArray[float]].
"""

from __future__ import annotations

import builtins
import functools
import math as _pymath
import operator
from datetime import datetime, timedelta

import numpy as np

from csp.impl import pynodes
from csp.impl.node_language import UNSET
from csp.impl.types import ts
from csp.impl.types.numpy_types import NumpyNDArray, is_array_type
from csp.impl.wiring.builtins import cast_int_to_float
from csp.impl.wiring.edge import Edge, edge_operations
from csp.impl.wiring.instances import BuiltinInstance, value_type
from csp.impl.wiring.memo import memoized_call as _memoized

_NUMERIC = (int, float)

_PY_OPERATORS = {
    "add": operator.add, "sub": operator.sub, "multiply": operator.mul, "divide": operator.truediv,
    "floordiv": operator.floordiv, "mod": operator.mod, "pow": operator.pow,
    "min": builtins.min, "max": builtins.max,
    "eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge,
    "and_": lambda a, b: a and b, "or_": lambda a, b: a or b,
}
_COMPARISONS = {"eq", "ne", "lt", "le", "gt", "ge"}

# With a numpy array operand, operators apply element-wise (the result is a ts[NumpyNDArray[float]]).
_ARRAY_BINARY = {
    "add": np.add, "sub": np.subtract, "multiply": np.multiply, "divide": np.divide,
    "floordiv": np.floor_divide, "mod": np.mod, "pow": np.power, "min": np.minimum, "max": np.maximum,
    "eq": np.equal, "ne": np.not_equal, "lt": np.less, "le": np.less_equal, "gt": np.greater, "ge": np.greater_equal,
}
_ARRAY_UNARY = {
    "neg": np.negative, "pos": np.positive, "abs": np.abs, "ln": np.log, "log2": np.log2, "log10": np.log10,
    "exp": np.exp, "exp2": np.exp2, "sqrt": np.sqrt, "erf": np.vectorize(_pymath.erf, otypes=[float]),
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "arcsin": np.arcsin, "arccos": np.arccos, "arctan": np.arctan,
    "sinh": np.sinh, "cosh": np.cosh, "tanh": np.tanh, "arcsinh": np.arcsinh, "arccosh": np.arccosh,
    "arctanh": np.arctanh,
}
_CPP_BINARY = {"add", "sub", "multiply", "divide", "floordiv", "mod", "min", "max"} | _COMPARISONS


def _binary_impl(v, up, tk, ctx, op):
    out = UNSET
    while True:
        yield out
        out = op(v[0], v[1]) if v[0] is not UNSET and v[1] is not UNSET else UNSET


def _unary_impl(v, up, tk, ctx, op):
    out = UNSET
    while True:
        yield out
        out = op(v[0])


def _as_edge(value, like: Edge, coerce: bool = True) -> Edge:
    """A scalar operand as a const, of the other operand's type when ``coerce`` (int to float)."""
    from csp.baselib import const

    if isinstance(value, Edge):
        return value
    typ = value_type(like.tstype)
    if coerce and typ is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    return const(value)


def _result_type(name: str, left, right):
    if name in _COMPARISONS:
        return bool
    if name == "divide" and left in _NUMERIC and right in _NUMERIC:
        return float
    if left is datetime and right is datetime and name == "sub":
        return timedelta
    if float in (left, right) and left in _NUMERIC and right in _NUMERIC:
        return float
    return left


def binary_operator(name: str, x, y) -> Edge:
    """Wires ``name`` (add, sub, ..., eq, ...) on two edges, or an edge and a scalar."""
    if not isinstance(x, Edge) and not isinstance(y, Edge):
        raise TypeError(f"csp.{name} needs at least one time series")
    coerce = name != "pow"  # a ** 2 keeps the exponent an int const, cast where needed, as the reference
    x = _as_edge(x, y if isinstance(y, Edge) else x, coerce)
    y = _as_edge(y, x, coerce)
    left, right = value_type(x.tstype), value_type(y.tstype)
    if is_array_type(left) or is_array_type(right):
        return _array_binary(name, x, y)
    result = _result_type(name, left, right)
    in_cpp = name in _CPP_BINARY or (name == "pow" and float in (left, right))  # int ** int stays exact, in Python
    if in_cpp and left in _NUMERIC and right in _NUMERIC:
        if left is not right:  # int meets float (int / int divides as floats inside the node)
            x, y = _as_float(x, left), _as_float(y, right)
        return _builtin(name, [x, y], ts[result])
    if name in ("and_", "or_") and left is bool and right is bool:
        return _builtin(name, [x, y], ts[bool])
    return _memoized((name, x, y), lambda: pynodes.python_node(name, _binary_impl, [x, y], [ts[result]],
                                                               scalars=(_PY_OPERATORS[name],)))


def _array_binary(name: str, x: Edge, y: Edge) -> Edge:
    """An operator with a numpy array operand: numpy's element-wise ufunc, a ts[NumpyNDArray[float]]."""
    ufunc = _ARRAY_BINARY.get(name)
    if ufunc is None:
        raise TypeError(f"csp.{name} does not apply to numpy array time series")
    return _memoized((name, x, y), lambda: pynodes.python_node(name, _binary_impl, [x, y], [ts[NumpyNDArray[float]]],
                                                               scalars=(ufunc,)))


def _as_float(x: Edge, typ) -> Edge:
    return cast_int_to_float(x) if typ is int else x


def _builtin(name: str, inputs, tstype) -> Edge:
    return _memoized((name, *inputs), lambda: BuiltinInstance(name, inputs, [tstype]).edge())


def _unary(name: str, x: Edge, op, float_only: bool = False, result=None) -> Edge:
    if not isinstance(x, Edge):
        raise TypeError(f"csp.{name} expects a time series, got {type(x).__name__}")
    typ = value_type(x.tstype)
    if is_array_type(typ):  # element-wise, as numpy
        if name not in _ARRAY_UNARY:
            raise TypeError(f"csp.{name} does not apply to numpy array time series, got {x.tstype!r}")
        return _memoized((name, x), lambda: pynodes.python_node(name, _unary_impl, [x], [ts[NumpyNDArray[float]]],
                                                                scalars=(_ARRAY_UNARY[name],)))
    # Float functions, - and + give floats for ints too, computed in the node (no cast node).
    if typ in _NUMERIC and (float_only or name in ("neg", "pos")):
        return _builtin(name, [x], ts[float])
    if typ in _NUMERIC and name == "abs":
        return _builtin(name, [x], ts[typ])
    if name == "not_" and typ is bool:
        return _builtin(name, [x], ts[bool])
    return _memoized((name, x), lambda: pynodes.python_node(name, _unary_impl, [x], [ts[result or typ]],
                                                            scalars=(op,)))


def add(x, y): return binary_operator("add", x, y)
def sub(x, y): return binary_operator("sub", x, y)
def multiply(x, y): return binary_operator("multiply", x, y)
def divide(x, y): return binary_operator("divide", x, y)
def floordiv(x, y): return binary_operator("floordiv", x, y)
def mod(x, y): return binary_operator("mod", x, y)
def pow(x, y): return binary_operator("pow", x, y)  # noqa: A001
def min(x, y): return binary_operator("min", x, y)  # noqa: A001
def max(x, y): return binary_operator("max", x, y)  # noqa: A001
def eq(x, y): return binary_operator("eq", x, y)
def ne(x, y): return binary_operator("ne", x, y)
def lt(x, y): return binary_operator("lt", x, y)
def le(x, y): return binary_operator("le", x, y)
def gt(x, y): return binary_operator("gt", x, y)
def ge(x, y): return binary_operator("ge", x, y)
def and_(*inputs): return _logical("and_", inputs)
def or_(*inputs): return _logical("or_", inputs)

def neg(x): return _unary("neg", x, operator.neg)
def pos(x): return _unary("pos", x, operator.pos)
def abs(x): return _unary("abs", x, builtins.abs)  # noqa: A001
def not_(x): return _unary("not_", x, operator.not_, result=bool)
def bitwise_not(x): return _unary("bitwise_not", x, operator.invert)
def ln(x): return _unary("ln", x, _pymath.log, float_only=True)
def log2(x): return _unary("log2", x, _pymath.log2, float_only=True)
def log10(x): return _unary("log10", x, _pymath.log10, float_only=True)
def exp(x): return _unary("exp", x, _pymath.exp, float_only=True)
def exp2(x): return _unary("exp2", x, lambda v: 2.0 ** v, float_only=True)
def sqrt(x): return _unary("sqrt", x, _pymath.sqrt, float_only=True)
def erf(x): return _unary("erf", x, _pymath.erf, float_only=True)
def sin(x): return _unary("sin", x, _pymath.sin, float_only=True)
def cos(x): return _unary("cos", x, _pymath.cos, float_only=True)
def tan(x): return _unary("tan", x, _pymath.tan, float_only=True)
def arcsin(x): return _unary("arcsin", x, _pymath.asin, float_only=True)
def arccos(x): return _unary("arccos", x, _pymath.acos, float_only=True)
def arctan(x): return _unary("arctan", x, _pymath.atan, float_only=True)
def sinh(x): return _unary("sinh", x, _pymath.sinh, float_only=True)
def cosh(x): return _unary("cosh", x, _pymath.cosh, float_only=True)
def tanh(x): return _unary("tanh", x, _pymath.tanh, float_only=True)
def arcsinh(x): return _unary("arcsinh", x, _pymath.asinh, float_only=True)
def arccosh(x): return _unary("arccosh", x, _pymath.acosh, float_only=True)
def arctanh(x): return _unary("arctanh", x, _pymath.atanh, float_only=True)


# ---------------------------------------------------------------- n-ary logic and user-defined operators

def _logical(name: str, inputs) -> Edge:
    """``csp.and_(a, b, ...)`` / ``csp.or_(...)`` of ts[bool] edges: ticks when one ticks, once all are valid."""
    if not inputs:
        raise TypeError(f"csp.{name} needs at least one ts[bool] input")
    for index, x in enumerate(inputs):
        if not isinstance(x, Edge) or value_type(x.tstype) is not bool:
            shown = f"ts[{getattr(value_type(x.tstype), '__name__', value_type(x.tstype))}]" \
                if isinstance(x, Edge) else type(x).__name__
            raise TypeError(f"csp.{name}: input {index} must be a ts[bool], got {shown}")
    if len(inputs) == 2:
        return _builtin(name, list(inputs), ts[bool])
    combine = builtins.all if name == "and_" else builtins.any
    return _memoized((name, *inputs), lambda: pynodes.python_node(name, _logical_impl, [list(inputs)], [ts[bool]],
                                                                  scalars=(combine,)))


def _logical_impl(v, up, tk, ctx, combine):
    basket = ctx.basket(0)
    out = UNSET
    while True:
        yield out
        out = combine(basket.values()) if basket.valid() else UNSET


_KNOWN_BINARY = set(_PY_OPERATORS)
_KNOWN_UNARY = {"neg", "pos", "abs", "not_", "bitwise_not", "ln", "log2", "log10", "exp", "exp2", "sqrt", "erf",
                "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh",
                "arctanh"}


@functools.lru_cache(maxsize=None)
def define_binary_op(name, op_lambda):
    """A wiring function ``op(x, y)`` for a binary operator node named ``name``.

    For the name of a csp.math operator (``"add"``, ``"eq"``, ...) it is that
    operator, with its result types and its C++ implementation. Otherwise
    the node applies ``op_lambda(x, y)`` whenever an input ticks, once both
    are valid, as a ``ts[object]``. Equal arguments give the same function.
    """
    if name in _KNOWN_BINARY:
        return lambda x, y: globals()[name](x, y)

    def op(x: Edge, y: Edge) -> Edge:
        for argument, value in (("x", x), ("y", y)):
            if not isinstance(value, Edge):
                raise TypeError(f"{name}: argument {argument!r} expects a time series, got {type(value).__name__}")
        return _memoized((name, op_lambda, x, y),
                         lambda: pynodes.python_node(name, _binary_impl, [x, y], [ts[object]], scalars=(op_lambda,)))

    op.__name__ = name
    return op


@functools.lru_cache(maxsize=None)
def define_unary_op(name, op_lambda):
    """A wiring function ``op(x)`` for a unary operator node named ``name``.

    For the name of a csp.math function (``"abs"``, ``"ln"``, ...) it is that
    function; otherwise the node applies ``op_lambda(x)`` on every tick, as a
    ``ts[object]``. Equal arguments give the same function.
    """
    if name in _KNOWN_UNARY:
        return lambda x: globals()[name](x)

    def op(x: Edge) -> Edge:
        if not isinstance(x, Edge):
            raise TypeError(f"{name}: argument 'x' expects a time series, got {type(x).__name__}")
        return _memoized((name, op_lambda, x),
                         lambda: pynodes.python_node(name, _unary_impl, [x], [ts[object]], scalars=(op_lambda,)))

    op.__name__ = name
    return op


def _unary_operator(name: str, x: Edge) -> Edge:
    return {"neg": neg, "pos": pos, "abs": abs, "bitwise_not": bitwise_not}[name](x)


edge_operations.binary = binary_operator
edge_operations.unary = _unary_operator
