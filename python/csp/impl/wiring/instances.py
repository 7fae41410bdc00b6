"""The nodes of a graph description and how each becomes part of an engine.

A graph function builds a description: ``NodeInstance`` objects connected by
``Edge`` objects. Nothing runs then. ``csp.run`` walks the description back
from its roots (so nodes that reach no root are never built) and asks each
instance to add itself to a ``csp._native.Engine``.
"""

from __future__ import annotations

import typing
from collections import deque
from datetime import timedelta
from typing import Any, Callable, Iterable, List, Optional, Sequence

import numpy as np

from csp import _native
from csp.impl.types import dynamic_basket_types
from csp.impl.types.numpy_types import is_array_type
from csp.impl.wiring.context import current_context
from csp.impl.wiring.edge import Edge
from csp.impl.wiring.native_types import is_native_list, native_list_type, native_type

# native_of(edge, native_lists=False) -> the engine's handle for the edge. A list made by a C++ node
# may be stored natively (a native list); a consumer that reads those asks with native_lists=True
# (any) or with the one native list type it reads, and every other consumer gets the same lists as
# Python lists.
NativeOf = Callable[..., Any]


class NodeInstance:
    """One node of a graph description.

    Subclasses say what they depend on (``inputs``) and how to add themselves
    to an engine (``build``), returning one engine handle per output.
    """

    # A graph may hold hundreds of thousands of instances: the common fields
    # are slots, and other attributes go to a dictionary made on first use.
    __slots__ = ("name", "output_types", "output_names", "__dict__")

    is_root = False
    adapter_manager = None  # the graph-time adapter manager an adapter needs (see build_with_manager)

    def __init__(self, name: str, output_types: Sequence[Any]) -> None:
        self.name = name
        self.output_types = list(output_types)  # ts types, one per output
        self.output_names: Sequence[Any] = ()
        if self.is_root:
            context = current_context()
            if context is None:  # nothing would ever build it
                raise RuntimeError("graph must be created under a wiring context")
            context.roots.append(self)

    def inputs(self) -> List[Edge]:
        return []

    def build(self, engine, native_of: NativeOf) -> list:
        raise NotImplementedError

    def build_with_manager(self, engine, native_of: NativeOf, manager_impl) -> list:
        """``build`` for instances with an ``adapter_manager``, given the manager's implementation."""
        raise NotImplementedError

    def native_output_type(self, index: int, tstype) -> "_native.NativeType":
        """How the engine stores the values of the node's output ``index`` of ``tstype`` (known before it is built)."""
        return native_of_tstype(tstype)

    def python_output_index(self, index: int) -> int:
        """The engine output holding output ``index``'s values as Python objects (itself, unless it is a native list)."""
        return index

    def edge(self, index: int = 0) -> Edge:
        return Edge(self.output_types[index], self, index)

    def edges(self) -> List[Edge]:
        return [Edge(t, self, i) for i, t in enumerate(self.output_types)]


def value_type(tstype) -> Any:
    """The value type behind a ts[...] type (of the elements, for a dynamic basket)."""
    dynamic = dynamic_basket_types(tstype)
    if dynamic is not None:
        return dynamic[1]
    return getattr(tstype, "typ", tstype)


def native_of_tstype(tstype) -> "_native.NativeType":
    return native_type(value_type(tstype))


class SourceInstance(NodeInstance):
    """An input adapter built by ``factory(engine) -> handle`` (const, timer, curve...)."""

    def __init__(self, name: str, tstype, factory: Callable[[Any], Any]) -> None:
        super().__init__(name, [tstype])
        self._factory = factory

    def build(self, engine, native_of: NativeOf) -> list:
        return [self._factory(engine)]


class BuiltinInstance(NodeInstance):
    """A C++ built-in node, added by name.

    The C++ template is instantiated for ``template_type`` (a ts type): by
    default the type of the last input, the data input of most nodes.
    """

    __slots__ = ("_inputs", "_args", "_template_type")

    def __init__(self, name: str, inputs: Sequence[Edge], output_types: Sequence[Any], args: tuple = (),
                 template_type: Any = None) -> None:
        super().__init__(name, output_types)
        self._inputs = list(inputs)
        self._args = args
        if template_type is None and self._inputs:
            template_type = self._inputs[-1].tstype
        self._template_type = template_type

    # The built-ins whose list output is a native list when the elements are native (engine output
    # 0; output 1 ticks the same lists as Python lists), and those that read native lists as they are.
    NATIVE_LIST_OUTPUTS = frozenset({"collect"})
    NATIVE_LIST_INPUTS = frozenset({"unroll"})

    def inputs(self) -> List[Edge]:
        return list(self._inputs)

    def _native_list(self):
        """The native list type of output 0, or None."""
        if self.name not in self.NATIVE_LIST_OUTPUTS:
            return None
        native = native_list_type(native_of_tstype(self._template_type))
        return native if is_native_list(native) else None

    def native_output_type(self, index: int, tstype) -> "_native.NativeType":
        native = self._native_list()
        if native is not None:
            return native if index == 0 else _native.NativeType.OBJECT
        return super().native_output_type(index, tstype)

    def python_output_index(self, index: int) -> int:
        return 1 if self._native_list() is not None else index

    def build(self, engine, native_of: NativeOf) -> list:
        types = [native_of_tstype(self._template_type)] if self._template_type is not None else []
        # a native list of the template's elements (a DelayedEdge may declare others than its collect's)
        native_lists = native_list_type(types[0]) if self.name in self.NATIVE_LIST_INPUTS else False
        handles = [native_of(edge, native_lists=native_lists) for edge in self._inputs]
        return engine.add_builtin(self.name, types, handles, self._args)


def _checkable_class(typ):
    """The class an output's values are checked against at run time, or None (generic types, Any, object).

    Numpy array types are checked to be a ``numpy.ndarray`` (not their dtype or shape).
    """
    if is_array_type(typ):
        return np.ndarray
    if typ is object or typ is typing.Any or getattr(typ, "__module__", None) == "typing":
        return None
    return typ if isinstance(typ, type) else None


class PythonNodeInstance(NodeInstance):
    """A node whose body is a Python generator (see docs/python_internals.md).

    ``inputs_spec`` lists the declared inputs: ``("ts", edge)``,
    ``("list", [edges])``, ``("dict", {key: edge})`` or ``("dynamic", edge)``.
    """

    KINDS = {"ts": 0, "list": 1, "dict": 2, "dynamic": 3}

    OUTPUT_KINDS = {"ts": 0, "list": 1, "dict": 2, "dynamic": 3}

    def __init__(self, name: str, impl, scalars: tuple, inputs_spec: Sequence[tuple], output_types: Sequence[Any],
                 alarms: int = 0, output_names: Sequence[Any] = (), output_slots: Optional[Sequence[tuple]] = None,
                 ticked_slots: Optional[Iterable[int]] = None, all_valid: Optional[object] = None) -> None:
        """``output_slots`` lists the declared outputs over ``output_types``: ``("ts", 1, None)``,
        ``("list", n, None)``, ``("dict", n, keys)`` or ``("dynamic", 1, None)``; by default one single
        output per type. ``ticked_slots``: the slots whose ticked flags ``impl`` reads (None: any).
        ``all_valid``: the object ``impl`` is resumed with once the value of every single input
        and alarm has been loaded, if it settles (``CompiledNode.all_valid``)."""
        self.is_root = not output_types  # set before registering
        super().__init__(name, output_types)
        self.output_names = list(output_names)
        self._output_slots = list(output_slots) if output_slots is not None else [("ts", 1, None)] * len(output_types)
        self._impl = impl
        self._scalars = tuple(scalars)
        self._inputs_spec = list(inputs_spec)
        self._alarms = alarms
        self._ticked_slots = None if ticked_slots is None else sorted(ticked_slots)
        self._all_valid = all_valid

    def inputs(self) -> List[Edge]:
        edges: List[Edge] = []
        for kind, value in self._inputs_spec:
            if kind in ("ts", "dynamic"):
                edges.append(value)
            elif kind == "list":
                edges.extend(value)
            else:
                edges.extend(value.values())
        return edges

    def build(self, engine, native_of: NativeOf) -> list:
        from csp.impl.basket_proxy import make_basket_proxy
        from csp.impl.node_language import UNSET

        specs = []
        for kind, value in self._inputs_spec:
            if kind in ("ts", "dynamic"):
                specs.append((self.KINDS[kind], [native_of(value)], None))
            elif kind == "list":
                specs.append((1, [native_of(e) for e in value], None))
            else:
                specs.append((2, [native_of(e) for e in value.values()], list(value.keys())))
        outputs = [native_of_tstype(t) for t in self.output_types]
        classes = [_checkable_class(value_type(t)) for t in self.output_types]
        slots = [(self.OUTPUT_KINDS[kind], count, keys) for kind, count, keys in self._output_slots]
        return engine.add_python_node(self.name, self._impl, self._scalars, specs, outputs, classes, slots,
                                      self._alarms, make_basket_proxy, UNSET, self._ticked_slots, self._all_valid)


class GraphOutputInstance(NodeInstance):
    """Records an edge for csp.run's results."""

    is_root = True

    def __init__(self, key, edge: Edge, tick_count: int = -1, tick_history: timedelta = timedelta()) -> None:
        super().__init__(f"graph_output[{key}]", [])
        self.key = key
        self._edge = edge
        self._tick_count = tick_count
        self._tick_history = tick_history

    def inputs(self) -> List[Edge]:
        return [self._edge]

    def build(self, engine, native_of: NativeOf) -> list:
        # tick_history is a buffering hint: like the reference, results keep every tick.
        # tick_count=0 keeps the last tick, as in the reference (a buffer holds at least one).
        tick_count = 1 if self._tick_count == 0 else self._tick_count
        engine.add_graph_output(self.native_key, native_of(self._edge, native_lists=True), tick_count, timedelta())
        return []

    @property
    def native_key(self) -> str:
        return f"{id(self):x}"

    @property
    def value_type(self):
        return value_type(self._edge.tstype)


class FeedbackInstance(NodeInstance):
    """The output side of ``csp.feedback``: a source whose values are bound later."""

    def __init__(self, tstype) -> None:
        super().__init__("feedback", [tstype])
        self.bound: Optional[Edge] = None

    def build(self, engine, native_of: NativeOf) -> list:
        return [engine.add_feedback(native_of_tstype(self.output_types[0]))]


class DelayedInstance(NodeInstance):
    """The placeholder behind a ``csp.DelayedEdge``: it stands for the edge bound later."""

    def __init__(self, tstype, default_to_null: bool) -> None:
        super().__init__("delayed_edge", [tstype])
        self.bound: Optional[Edge] = None
        self.default_to_null = default_to_null

    def inputs(self) -> List[Edge]:
        return [self.bound] if self.bound is not None else []

    def build(self, engine, native_of: NativeOf) -> list:
        if self.bound is None:
            if not self.default_to_null:
                raise RuntimeError("Encountered unbound DelayedEdge")
            return [engine.add_null(native_of_tstype(self.output_types[0]))]
        return [native_of(self.bound)]


class ExternalInstance(NodeInstance):
    """An edge of the running engine, by its handle: what a dynamic sub-graph sees for ``csp.attach()``."""

    def __init__(self, tstype, handle) -> None:
        super().__init__("attach", [tstype])
        self._handle = handle

    def build(self, engine, native_of: NativeOf) -> list:
        return [self._handle]


def _reads(native_lists, native_list) -> bool:
    """Whether a consumer that asked with ``native_lists`` (True, False or a native list type) reads ``native_list``."""
    return native_lists if isinstance(native_lists, bool) else native_lists == native_list


class EngineBuilder:
    """Adds a graph description to an engine.

    Nodes are created breadth-first from the roots (every root in creation
    order, then their inputs in argument order, level by level), each before
    its inputs, as the reference engine does: that fixes the start/stop order
    and the order of consumers within a rank. An input whose producer is not
    built yet is wired to a placeholder edge, bound once the producer exists.
    A bound DelayedEdge stands for its bound edge (its producer is reached in
    the place of the DelayedEdge's first use).
    """

    def __init__(self, engine, outer_handles=None) -> None:
        """``outer_handles`` maps ``(node instance, output index)`` of edges built already (a dynamic
        sub-graph's outer edges) to their engine handles."""
        self._engine = engine
        self._outer = dict(outer_handles or {})
        self._outer_nodes = {node for node, _ in self._outer}  # built in the outer graph already
        self._built = {}  # NodeInstance -> list of handles
        self._pending: List[tuple] = []  # (node instance, engine output index, placeholder) to bind
        self._python_lists_wanted = set()  # (node instance, its Python-list output) handed to a consumer
        self.adapter_managers = {}  # id(graph-time adapter manager) -> its implementation

    def native_of(self, edge: Edge, native_lists=False):
        """The engine's handle for ``edge``: a native list if ``native_lists`` is True or that native
        list's type, else the producer's output that holds the same values as Python objects."""
        while isinstance(edge.node, DelayedInstance) and edge.node.bound is not None:
            edge = edge.node.bound  # a bound DelayedEdge is its bound edge: consumers wire to it directly
        node = edge.node
        outer = self._outer.get((node, edge.output_index))  # an outer edge: always as Python objects
        if outer is not None:
            return outer
        index = edge.output_index
        python_index = node.python_output_index(index)
        if python_index != index and not _reads(native_lists, node.native_output_type(index, edge.tstype)):
            index = python_index
            self._python_lists_wanted.add((node, index))
        handles = self._built.get(node)
        if handles is not None:
            return handles[index]
        placeholder = self._engine.add_placeholder(node.native_output_type(index, edge.tstype),
                                                   dynamic_basket_types(edge.tstype) is not None)
        self._pending.append((node, index, placeholder))
        return placeholder

    def build(self, roots: Sequence[NodeInstance]) -> None:
        queue = deque(roots)
        while queue:
            node = queue.popleft()
            if node in self._built or node in self._outer_nodes:
                continue
            first_pending = len(self._pending)
            if node.adapter_manager is None:
                self._built[node] = node.build(self._engine, self.native_of)
            else:
                manager_impl = self._adapter_manager_impl(node.adapter_manager)
                self._built[node] = node.build_with_manager(self._engine, self.native_of, manager_impl)
            queue.extend(node for node, _, _ in self._pending[first_pending:])
        for node, index, placeholder in self._pending:
            self._engine.bind_placeholder(placeholder, self._built[node][index])
        self._pending.clear()
        ready = {wanted for wanted in self._python_lists_wanted if wanted[0] in self._built}
        for node, index in ready:
            self._engine.want_python_lists(self._built[node][index])
        self._python_lists_wanted -= ready

    def _adapter_manager_impl(self, manager):
        """The implementation of a graph-time adapter manager, created once per engine."""
        impl = self.adapter_managers.get(id(manager))
        if impl is None:
            impl = manager._create(self._engine, self.adapter_managers)
            self.adapter_managers[id(manager)] = impl
        return impl

    def bind_feedbacks(self) -> None:
        """Binds every feedback that was built (building what it is bound to), until none is left."""
        bound = set()
        while True:
            pending = [n for n in self._built if isinstance(n, FeedbackInstance) and n not in bound]
            if not pending:
                return
            for feedback in pending:
                bound.add(feedback)
                if feedback.bound is None:
                    raise RuntimeError("unbound csp.feedback used in graph")
                self.build([feedback.bound.node])
                self._engine.bind_feedback(self._built[feedback][0], self.native_of(feedback.bound))
