"""``@csp.node`` and ``@csp.graph``.

A node definition compiles its function once (csp.impl.node_parser) and, when
called while a graph is wired, resolves the types of its arguments, inserts
int-to-float casts where a float input receives ints, and adds a
PythonNodeInstance to the description. Graphs are plain functions called at
wiring time; both are memoized within one graph build (same arguments, same
edges).
"""

from __future__ import annotations

import functools
import importlib
import inspect
import sys
from typing import Any, Dict, Optional

from csp.impl.node_parser import compile_node
from csp.impl.types import DynamicBasket, TsKind, dynamic_basket_types, requires_cast, ts
from csp.impl.types.resolution import resolve_signature
from csp.impl.types.arguments import scalar_argument
from csp.impl.wiring.builtins import cast_int_to_float
from csp.impl.wiring.edge import Edge
from csp.impl.wiring.instances import PythonNodeInstance, value_type
from csp.impl.wiring.memo import memo_key, memoized
from csp.impl.wiring.outputs import NodeOutputs


def _caller_location(depth: int) -> str:
    frame = sys._getframe(depth)
    return f'File "{frame.f_code.co_filename}", line {frame.f_lineno}'


def _bind_arguments(name: str, signature: inspect.Signature, args, kwargs) -> inspect.BoundArguments:
    """Binds a node's or graph's call arguments (defaults applied); errors name the caller's line."""
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError as error:
        raise TypeError(f"In {name!r}: {error} ({_caller_location(3)})") from None
    bound.apply_defaults()
    return bound


def _by_name(module: str, qualname: str):
    """The object named ``qualname`` in module ``module`` (unpickles a node or graph definition)."""
    target = sys.modules.get(module) or importlib.import_module(module)
    for part in qualname.split("."):
        target = getattr(target, part)
    return target


def _reduce_by_name(definition, protocol: int):
    """Pickles a node or graph definition by name when its module has it under its name, else by value.

    ``__main__`` and modules registered with ``cloudpickle.register_pickle_by_value`` are always by value.
    """
    module, qualname = getattr(definition, "__module__", None), getattr(definition, "__qualname__", "")
    by_value = sys.modules.get("cloudpickle")
    if (module and module != "__main__" and "<locals>" not in qualname
            and not (by_value and module in by_value.list_registry_pickle_by_value())):
        try:
            if _by_name(module, qualname) is definition:
                return _by_name, (module, qualname)
        except (ImportError, AttributeError):
            pass
    return object.__reduce_ex__(definition, protocol)


class NodeDef:
    """A compiled ``@csp.node``: call it with edges and scalars to wire a node."""

    def __init__(self, func, name: Optional[str] = None, memoize: bool = True, typevars: Optional[dict] = None,
                 compiled=None, force_memoize: bool = False) -> None:
        self._func = func
        self._force_memoize = force_memoize
        self._compiled = compiled or compile_node(func, name)
        self._name = name or func.__name__
        self._memoize = memoize
        self._typevars = dict(typevars or {})
        self._python_signature = inspect.signature(func)
        functools.update_wrapper(self, func)

    @property
    def signature(self):
        return self._compiled.signature

    def __reduce_ex__(self, protocol):
        return _reduce_by_name(self, protocol)

    def using(self, **typevars) -> "NodeDef":
        """This node with type variables fixed: ``node.using(T=float)(x)``."""
        return NodeDef(self._func, self._name, self._memoize, {**self._typevars, **typevars}, self._compiled,
                       self._force_memoize)

    def __call__(self, *args, **kwargs):
        arguments = dict(_bind_arguments(self._name, self._python_signature, args, kwargs).arguments)
        key = memo_key((id(self._compiled), tuple(sorted(self._typevars.items(), key=str))),
                        list(arguments.values())) if self._memoize else None
        try:
            return memoized(key, lambda: (self._wire(arguments), list(arguments.values())), self._force_memoize)
        except TypeError as error:
            if "File " in str(error):
                raise
            raise TypeError(f"{error} ({_caller_location(2)})") from None

    def _wire(self, arguments: Dict[str, Any]):
        signature = self._compiled.signature
        self._check_inputs_are_edges(arguments)
        resolution = resolve_signature(signature, arguments, self._typevars)
        inputs_spec = [self._input_spec(resolution.inputs[i.name], arguments[i.name]) for i in signature.inputs]
        scalars = tuple(scalar_argument(s.typ, arguments[s.name]) for s in signature.scalars)
        flat_types, slots, shapes = [], [], []
        for output in resolution.outputs:
            shape = self._output_shape(output, arguments)
            shapes.append(shape)
            if output.kind == TsKind.TS:
                slots.append(("ts", 1, None))
                flat_types.append(ts[output.typ])
            elif output.kind == TsKind.DYNAMIC_BASKET:
                slots.append(("dynamic", 1, None))
                flat_types.append(DynamicBasket[output.key_type, output.typ])
            else:
                count = shape if isinstance(shape, int) else len(shape)
                slots.append(("list" if output.kind == TsKind.LIST_BASKET else "dict", count,
                              None if isinstance(shape, int) else list(shape)))
                flat_types.extend([ts[output.typ]] * count)
        names = [o.name for o in resolution.outputs]
        instance = PythonNodeInstance(self._name, self._compiled.impl, scalars, inputs_spec, flat_types,
                                      len(signature.alarms), names, slots, self._compiled.ticked_slots,
                                      self._compiled.all_valid)
        flat = instance.edges()
        if not names:
            return None
        results, position = [], 0
        for (kind, count, keys) in slots:
            edges = flat[position:position + count]
            position += count
            results.append(edges[0] if kind in ("ts", "dynamic") else
                           (list(edges) if kind == "list" else dict(zip(keys, edges))))
        if signature.has_named_outputs:
            return NodeOutputs(zip(names, results))
        return results[0]

    def _output_shape(self, output, arguments: Dict[str, Any]):
        """The elements of a basket output: a count (list) or the keys (dict); None for a single output."""
        if output.kind in (TsKind.TS, TsKind.DYNAMIC_BASKET):
            return None
        if output.shape_of is not None:
            source = arguments[output.shape_of]
            return len(source) if output.kind == TsKind.LIST_BASKET else list(source.keys())
        shape = output.shape
        if isinstance(shape, str):  # the name of a scalar argument
            shape = arguments[shape]
        if output.kind == TsKind.LIST_BASKET:
            return shape if isinstance(shape, int) else len(shape)
        if shape is None:
            raise TypeError(f"In {self._name!r}: a dict basket output needs shape= (its keys) or shape_of=")
        return list(shape)

    def _check_inputs_are_edges(self, arguments: Dict[str, Any]) -> None:
        for inp in self._compiled.signature.inputs:
            value = arguments.get(inp.name)
            if inp.kind == TsKind.DYNAMIC_BASKET:
                if not isinstance(value, Edge) or dynamic_basket_types(value.tstype) is None:
                    raise TypeError(f"In {self._name!r}, argument {inp.name!r}: expected a dynamic basket, "
                                    f"got {type(value).__name__}")
                continue
            elements = value if inp.kind == TsKind.LIST_BASKET else (
                value.values() if inp.kind == TsKind.DICT_BASKET and isinstance(value, dict) else [value])
            if inp.kind != TsKind.TS and not isinstance(value, (list, tuple, dict)):
                raise TypeError(f"In {self._name!r}, argument {inp.name!r}: expected a basket of time series, "
                                f"got {type(value).__name__}")
            for element in elements:
                if not isinstance(element, Edge):
                    raise TypeError(f"In {self._name!r}, argument {inp.name!r}: expected a time series "
                                    f"ts[{getattr(inp.typ, '__name__', inp.typ)}], got {type(element).__name__}")

    @staticmethod
    def _cast(edge: Edge, target) -> Edge:
        if requires_cast(value_type(edge.tstype), target):
            return cast_int_to_float(edge)
        return edge

    def _input_spec(self, resolved, value):
        if resolved.kind == TsKind.TS:
            return ("ts", self._cast(value, resolved.typ))
        if resolved.kind == TsKind.DYNAMIC_BASKET:
            return ("dynamic", value)
        if resolved.kind == TsKind.LIST_BASKET:
            return ("list", [self._cast(e, resolved.typ) for e in value])
        return ("dict", {k: self._cast(e, resolved.typ) for k, e in value.items()})


def node(func=None, *, memoize: bool = True, force_memoize: bool = False, debug_print: bool = False,
         cppimpl=None, name: Optional[str] = None):
    """Decorator: compile a function into a csp node definition."""
    def wrap(f):
        return NodeDef(f, name=name, memoize=memoize or force_memoize, force_memoize=force_memoize)

    return wrap(func) if func is not None else wrap


class GraphDef:
    """A ``@csp.graph``: its body runs at wiring time; results are memoized per build."""

    def __init__(self, func, name: Optional[str] = None, memoize: bool = True, force_memoize: bool = False) -> None:
        self._func = func
        self._force_memoize = force_memoize
        self._name = name or func.__name__
        self._memoize = memoize
        self._python_signature = inspect.signature(func)
        functools.update_wrapper(self, func)

    def using(self, **typevars) -> "GraphDef":
        return self

    def __reduce_ex__(self, protocol):
        return _reduce_by_name(self, protocol)

    def __call__(self, *args, **kwargs):
        bound = _bind_arguments(self._name, self._python_signature, args, kwargs)
        for name, value in bound.arguments.items():  # e.g. seconds for a timedelta, a list for an array
            bound.arguments[name] = scalar_argument(self._python_signature.parameters[name].annotation, value)
        key = memo_key(("graph", id(self._func)), list(bound.arguments.values())) if self._memoize else None

        def build():
            result = self._func(*bound.args, **bound.kwargs)
            if isinstance(result, dict) and not isinstance(result, NodeOutputs):
                result = NodeOutputs(result)
            return result, list(bound.arguments.values())

        return memoized(key, build, self._force_memoize)


def graph(func=None, *, memoize: bool = True, force_memoize: bool = False, name: Optional[str] = None):
    """Decorator: a function that wires a graph when called."""
    def wrap(f):
        return GraphDef(f, name=name, memoize=memoize or force_memoize, force_memoize=force_memoize)

    return wrap(func) if func is not None else wrap
