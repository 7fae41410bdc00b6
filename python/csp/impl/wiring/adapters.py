"""Declaring adapters written in Python: py_pull_adapter_def, py_push_adapter_def,
py_pushpull_adapter_def, py_managed_adapter_def, py_output_adapter_def.

Each returns an adapter definition: calling it while a graph is wired adds
the adapter and returns its edge (output adapters return None). The keyword
arguments given to the ``*_def`` function declare the definition's
arguments, in order, with their types; the implementation class is
constructed with them when the graph is built (so adapters pruned from the
graph are never constructed). A ``ts['T']`` output type takes T from the
argument declared ``'T'`` (a type passed by the caller).

With a ``manager_type``, the definition's first argument is the graph-time
adapter manager (an object with ``_create(engine, memo)``); the engine
builder creates its implementation once per run, before the first adapter
that uses it, and passes it as the first argument of the adapter
implementation.
"""

from __future__ import annotations

import inspect
from typing import Any, Dict, List

from csp import _native
from csp.impl.types import TsType, ts
from csp.impl.wiring.context import current_context
from csp.impl.wiring.edge import Edge
from csp.impl.wiring.instances import NodeInstance, native_of_tstype, value_type
from csp.impl.wiring.memo import memoized_call

PushMode = _native.PushMode


def _bind(name: str, spec: Dict[str, Any], args, kwargs) -> Dict[str, Any]:
    parameters = [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD) for n in spec]
    try:
        bound = inspect.Signature(parameters).bind(*args, **kwargs)
    except TypeError as error:
        raise TypeError(f"In {name!r}: {error}") from None
    return dict(bound.arguments)


def _resolve_output(name: str, out_type, spec: Dict[str, Any], values: Dict[str, Any]):
    typ = value_type(out_type)
    if isinstance(typ, str):  # a type variable, bound by an argument declared with it
        for arg, declared in spec.items():
            if declared == typ and arg in values:
                return ts[values[arg]]
        raise TypeError(f"In {name!r}: cannot resolve output type {typ!r}")
    return out_type if isinstance(out_type, TsType) else ts[out_type]


class _InputAdapterInstance(NodeInstance):
    def __init__(self, name: str, impl_class, impl_args: List[Any], tstype, push_mode, push_group, kind: str,
                 adapter_manager=None) -> None:
        super().__init__(name, [tstype])
        self._impl_class = impl_class
        self._impl_args = impl_args
        self._push_mode = push_mode
        self._push_group = push_group
        self._kind = kind
        self.adapter_manager = adapter_manager
        self.impl = None
        context = current_context()
        if kind in ("push", "pushpull") and context is not None:
            context.push_adapters.append(self)

    def build(self, engine, native_of) -> list:
        self.impl = self._impl_class(*self._impl_args)
        return [self._add(engine)]

    def build_with_manager(self, engine, native_of, manager_impl) -> list:
        self.impl = self._impl_class(manager_impl, *self._impl_args)
        return [self._add(engine)]

    def _add(self, engine):
        native = native_of_tstype(self.output_types[0])
        name = self.name
        if self._kind == "push":
            return engine.add_py_push_adapter(name, native, self.impl, self._push_mode, self._push_group)
        if self._kind == "pushpull":
            return engine.add_py_pushpull_adapter(name, native, self.impl, self._push_mode, self._push_group)
        if self._kind == "managed":
            return engine.add_py_managed_adapter(name, native, self.impl, self._push_mode)
        if self._push_mode == PushMode.BURST:  # one list per time slot
            return engine.add_py_pull_adapter(name, native, _BurstPull(self.impl), PushMode.NON_COLLAPSING)
        return engine.add_py_pull_adapter(name, native, self.impl, self._push_mode)


class _BurstPull:
    """Wraps a pull adapter so that every value of one time slot comes as one list."""

    def __init__(self, impl) -> None:
        self._impl = impl
        self._ahead = None

    def start(self, start_time, end_time) -> None:
        self._impl.start(start_time, end_time)
        self._ahead = self._impl.next()

    def next(self):
        if self._ahead is None:
            return None
        time, values = self._ahead[0], [self._ahead[1]]
        self._ahead = self._impl.next()
        while self._ahead is not None and self._ahead[0] == time:
            values.append(self._ahead[1])
            self._ahead = self._impl.next()
        return time, values

    def stop(self) -> None:
        self._impl.stop()


class _OutputAdapterInstance(NodeInstance):
    is_root = True

    def __init__(self, name: str, impl_class, impl_args: List[Any], edge: Edge, adapter_manager=None) -> None:
        super().__init__(name, [])
        self._impl_class = impl_class
        self._impl_args = impl_args
        self._edge = edge
        self.adapter_manager = adapter_manager

    def inputs(self) -> List[Edge]:
        return [self._edge]

    def build(self, engine, native_of) -> list:
        engine.add_py_output_adapter(self.name, native_of(self._edge), self._impl_class(*self._impl_args))
        return []

    def build_with_manager(self, engine, native_of, manager_impl) -> list:
        engine.add_py_output_adapter(self.name, native_of(self._edge),
                                      self._impl_class(manager_impl, *self._impl_args))
        return []


_MANAGER_ARG = "manager"  # the name of a managed definition's first argument


def _with_manager(spec: Dict[str, Any], manager_type) -> Dict[str, Any]:
    return spec if manager_type is None else {_MANAGER_ARG: manager_type, **spec}


def _split_manager(values: Dict[str, Any], has_manager: bool, name: str):
    """(manager, the other arguments): the manager is the definition's first argument."""
    if not has_manager:
        return None, values
    values = dict(values)
    manager = values.pop(_MANAGER_ARG, None)
    if manager is None or not hasattr(manager, "_create"):
        raise TypeError(f"In {name!r}: the first argument must be the adapter manager (an object with "
                        f"_create(engine, memo)), got {type(manager).__name__}")
    return manager, values


class InputAdapterDef:
    """A pull, push, push-pull or managed adapter written in Python; call it to wire it."""

    def __init__(self, name: str, impl_class, out_type, spec: Dict[str, Any], kind: str, memoize: bool,
                 manager_type=None) -> None:
        self.__name__ = name
        self._impl_class = impl_class
        self._out_type = out_type
        self._has_manager = manager_type is not None
        self._spec = _with_manager(dict(spec), manager_type)
        self._kind = kind
        self._memoize = memoize
        pushes = kind in ("push", "pushpull")
        extra = [inspect.Parameter("push_group", inspect.Parameter.KEYWORD_ONLY, default=None)] if pushes else []
        self.__signature__ = inspect.Signature(
            [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=t) for n, t in self._spec.items()]
            + extra + [inspect.Parameter("push_mode", inspect.Parameter.KEYWORD_ONLY, default=PushMode.NON_COLLAPSING)])

    def __call__(self, *args, push_mode=PushMode.NON_COLLAPSING, push_group=None, **kwargs) -> Edge:
        values = _bind(self.__name__, self._spec, args, kwargs)
        tstype = _resolve_output(self.__name__, self._out_type, self._spec, values)
        if push_mode == PushMode.BURST:
            tstype = ts[List[value_type(tstype)]]
        manager, values = _split_manager(values, self._has_manager, self.__name__)
        impl_args = [values[n] for n in self._spec if n in values]

        def build():
            return _InputAdapterInstance(self.__name__, self._impl_class, impl_args, tstype, push_mode, push_group,
                                         self._kind, manager).edge()

        if not self._memoize or self._kind in ("push", "pushpull"):
            return build()
        return memoized_call((self.__name__, id(self._impl_class), id(manager), tuple(impl_args), push_mode), build)


class OutputAdapterDef:
    """An output adapter written in Python; call it with the edge (and arguments) to wire it."""

    def __init__(self, name: str, impl_class, spec: Dict[str, Any], manager_type=None) -> None:
        self.__name__ = name
        self._impl_class = impl_class
        self._has_manager = manager_type is not None
        self._spec = _with_manager(dict(spec), manager_type)
        self._edge_args = [n for n, t in spec.items() if isinstance(t, TsType)]
        if len(self._edge_args) != 1:
            raise TypeError(f"{name}: an output adapter declares exactly one time-series argument, e.g. input=ts['T']")

    def __call__(self, *args, **kwargs) -> None:
        values = _bind(self.__name__, self._spec, args, kwargs)
        edge = values.get(self._edge_args[0])
        if not isinstance(edge, Edge):
            raise TypeError(f"In {self.__name__!r}: argument {self._edge_args[0]!r} expects a time series, "
                            f"got {type(edge).__name__}")
        manager, values = _split_manager(values, self._has_manager, self.__name__)
        impl_args = [values[n] for n in self._spec if n in values and n not in self._edge_args]
        _OutputAdapterInstance(self.__name__, self._impl_class, impl_args, edge, manager)


def py_pull_adapter_def(name: str, adapterimpl, out_type, memoize: bool = True, force_memoize: bool = False,
                        **kwargs) -> InputAdapterDef:
    """Declares a pull adapter implemented by ``adapterimpl`` (a PullInputAdapter subclass)."""
    return InputAdapterDef(name, adapterimpl, out_type, kwargs, "pull", memoize or force_memoize)


def py_push_adapter_def(name: str, adapterimpl, out_type, manager_type=None, memoize: bool = True,
                        force_memoize: bool = False, **kwargs) -> InputAdapterDef:
    """Declares a push adapter implemented by ``adapterimpl`` (a PushInputAdapter subclass)."""
    return InputAdapterDef(name, adapterimpl, out_type, kwargs, "push", memoize or force_memoize, manager_type)


def py_pushpull_adapter_def(name: str, adapterimpl, out_type, manager_type=None, memoize: bool = True,
                            force_memoize: bool = False, **kwargs) -> InputAdapterDef:
    """Declares a push-pull adapter implemented by ``adapterimpl`` (a PushPullInputAdapter subclass)."""
    return InputAdapterDef(name, adapterimpl, out_type, kwargs, "pushpull", memoize or force_memoize, manager_type)


def py_managed_adapter_def(name: str, adapterimpl, out_type, manager_type, memoize: bool = True,
                           force_memoize: bool = False, **kwargs) -> InputAdapterDef:
    """Declares a managed simulation adapter implemented by ``adapterimpl`` (a ManagedSimInputAdapter subclass),
    ticked by the manager of type ``manager_type`` in its process_next_sim_timeslice."""
    if manager_type is None:
        raise TypeError(f"{name}: a managed adapter needs its manager_type")
    return InputAdapterDef(name, adapterimpl, out_type, kwargs, "managed", memoize or force_memoize, manager_type)


def py_output_adapter_def(name: str, adapterimpl, manager_type=None, memoize: bool = True, force_memoize: bool = False,
                          **kwargs) -> OutputAdapterDef:
    """Declares an output adapter implemented by ``adapterimpl`` (an OutputAdapter subclass)."""
    return OutputAdapterDef(name, adapterimpl, kwargs, manager_type)
