"""``csp.dynamic``: a sub-graph per key of a dynamic basket, built while the graph runs.

``csp.dynamic(trigger, sub_graph, *args, **kwargs)`` adds a
:class:`DynamicInstance` to the graph description. When the engine adds a
key to the trigger, the C++ dynamic node (``csp/engine/dynamic.h``) calls
:meth:`DynamicInstance.build_instance` with the key and the trigger's
series for it, with the instance's child engine as the build target: the
sub-graph function runs in a fresh GraphContext, its arguments resolved
(``csp.snap(edge)`` to the edge's current value, ``csp.snapkey()`` to the
key, ``csp.attach()`` to the key's series, outer edges to their running
series), and what it wired is added to the child engine. The outputs come
back as dynamic baskets keyed like the trigger.
"""

from __future__ import annotations

import inspect
from typing import Any, Dict, List, Optional, Sequence, Tuple

from csp.impl.types import (DynamicBasket, TsKind, _type_repr, contains_type_vars, dynamic_basket_types,
                            evaluated_annotations, is_assignable, parse_outputs, parse_scalar_annotation,
                            parse_ts_annotation, ts)
from csp.impl.wiring.context import GraphContext, current_context
from csp.impl.wiring.edge import Edge
from csp.impl.wiring.instances import EngineBuilder, ExternalInstance, NodeInstance, native_of_tstype
from csp.impl.wiring.instances import value_type as instance_value_type
from csp.impl.wiring.outputs import NodeOutputs

__all__ = ["attach", "dynamic", "snap", "snapkey"]


class _Snap:
    """``csp.snap(edge)``: the edge's value when the sub-graph is created, passed as a scalar."""

    def __init__(self, edge: Edge) -> None:
        self.edge = edge


class _SnapKey:
    """``csp.snapkey()``: the key that created the sub-graph."""


class _Attach:
    """``csp.attach()``: the trigger's time series for the key that created the sub-graph."""


def snap(edge: Edge) -> _Snap:
    if not isinstance(edge, Edge) or dynamic_basket_types(edge.tstype) is not None:
        raise TypeError("csp.snap() only supports snapping of single timeseries edge")
    return _Snap(edge)


def snapkey() -> _SnapKey:
    return _SnapKey()


def attach() -> _Attach:
    return _Attach()


def _declared_outputs(sub_graph) -> Tuple:
    """The OutputDefs of a csp.graph or csp.node."""
    signature = getattr(sub_graph, "signature", None)
    if signature is not None and hasattr(signature, "outputs"):
        return signature.outputs
    func = getattr(sub_graph, "__wrapped__", None)
    if func is None or not callable(sub_graph):
        raise TypeError(f"csp.dynamic expects a csp.graph or csp.node as sub_graph, got {type(sub_graph).__name__}")
    return parse_outputs(inspect.signature(func).return_annotation)


def _check_arguments(name: str, sub_graph, args, kwargs, key_type, value_type) -> None:
    """Wiring-time checks of the sub-graph's arguments against its signature; TypeErrors name the argument."""
    for value in list(args) + list(kwargs.values()):
        if isinstance(value, (list, tuple, dict)):
            items = value.values() if isinstance(value, dict) else value
            if any(isinstance(item, (_Snap, _Attach, _SnapKey)) for item in items):
                raise TypeError("csp.snap and csp.attach are not supported as members of containers")
    func = getattr(sub_graph, "__wrapped__", sub_graph)
    try:
        bound = inspect.signature(func).bind(*args, **kwargs)
    except TypeError as error:
        raise TypeError(f"csp.dynamic: sub-graph {name!r} does not accept these arguments: {error}") from None
    annotations = evaluated_annotations(func)
    for arg, value in bound.arguments.items():
        expected = annotations.get(arg)
        if expected is not None:
            _check_argument(name, arg, expected, value, key_type, value_type)


def _check_argument(name: str, arg: str, expected, value, key_type, value_type) -> None:
    def mismatch(detail: str) -> TypeError:
        return TypeError(f"In csp.dynamic sub-graph {name!r}, argument {arg!r}: {detail}")

    parsed = parse_ts_annotation(expected)
    if isinstance(value, _SnapKey):
        scalar, _ = parse_scalar_annotation(expected)
        if parsed is None and not _matches_type(scalar, key_type):
            raise mismatch(f"Expecting {scalar} for csp.snap_key value, but getting {key_type}")
    elif isinstance(value, _Snap):
        scalar, _ = parse_scalar_annotation(expected)
        actual = instance_value_type(value.edge.tstype)
        if parsed is None and isinstance(scalar, type) and scalar is not actual:
            raise mismatch(f"Expecting {scalar} for csp.snap value, but getting {actual}")
    elif isinstance(value, (_Attach, Edge)) and parsed is not None and parsed.kind == TsKind.TS:
        actual = value_type if isinstance(value, _Attach) else instance_value_type(value.tstype)
        if not contains_type_vars(parsed.typ) and not is_assignable(parsed.typ, actual):
            raise mismatch(f"cannot validate ts[{_type_repr(actual)}] as ts[{_type_repr(parsed.typ)}]")


def _matches_type(expected, actual) -> bool:
    if not isinstance(expected, type) or not isinstance(actual, type):
        return True  # generic or typing annotations are not checked here
    return issubclass(actual, expected)


def dynamic(trigger: Edge, sub_graph, *args, **kwargs):
    """One instance of ``sub_graph(*args, **kwargs)`` per key of the dynamic basket ``trigger``.

    Returns the sub-graph's output as a dynamic basket edge keyed like the
    trigger, named outputs as a NodeOutputs of such edges, or None.
    """
    types = dynamic_basket_types(getattr(trigger, "tstype", None)) if isinstance(trigger, Edge) else None
    if types is None:
        raise TypeError(f"csp.dynamic expects a dynamic basket as trigger, got {trigger!r}")
    name = getattr(sub_graph, "__name__", type(sub_graph).__name__)
    outputs = _declared_outputs(sub_graph)
    for output in outputs:
        if output.kind != TsKind.TS:
            raise TypeError(f"csp.dynamic sub-graph {name!r}: its outputs must be time series; "
                            f"a basket output ({output.name or 'the output'}) is not supported")
    _check_arguments(name, sub_graph, args, kwargs, *types)
    instance = DynamicInstance(f"dynamic<{name}>", trigger, sub_graph, args, kwargs, outputs, types)
    edges = instance.edges()
    if not outputs:
        return None
    if len(outputs) == 1 and outputs[0].name is None:
        return edges[0]
    return NodeOutputs(zip([o.name for o in outputs], edges))


class DynamicInstance(NodeInstance):
    """The dynamic node of ``csp.dynamic``; see the module docstring."""

    is_root = True  # sub-graphs may exist for their side effects

    def __init__(self, name: str, trigger: Edge, sub_graph, args: Sequence[Any], kwargs: Dict[str, Any],
                 outputs: Sequence[Any], key_value_types: Tuple[Any, Any]) -> None:
        self.key_type, self.value_type = key_value_types
        super().__init__(name, [DynamicBasket[self.key_type, o.typ] for o in outputs])
        self.output_names = [o.name for o in outputs]
        self.sub_graph = sub_graph
        self.trigger = trigger
        self.args = list(args)
        self.kwargs = dict(kwargs)
        context = current_context()
        self._times = (context.start_time, context.end_time, context.realtime) if context else (None, None, False)
        self._root_context = context.root if context is not None else None

    def template_description(self) -> str:
        """``sub(csp.snapkey(), csp.attach(), <edge>, 5)``: the sub-graph each key gets, for graph pictures."""
        def describe(value) -> str:
            if isinstance(value, _SnapKey):
                return "csp.snapkey()"
            if isinstance(value, _Attach):
                return "csp.attach()"
            if isinstance(value, _Snap):
                return f"csp.snap({value.edge.node.name})"
            if isinstance(value, Edge):
                return f"<{value.node.name}>"
            return repr(value)

        parts = [describe(a) for a in self.args] + [f"{k}={describe(v)}" for k, v in self.kwargs.items()]
        return f"{getattr(self.sub_graph, '__name__', 'sub_graph')}({', '.join(parts)})"

    def _outer_edges(self) -> List[Edge]:
        """The outer edges the sub-graph is given: arguments, snapped edges, edges inside list/dict arguments."""
        edges: List[Edge] = []

        def collect(value) -> None:
            if isinstance(value, _Snap):
                value = value.edge
            if isinstance(value, Edge):
                edges.append(value)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    collect(item)
            elif isinstance(value, dict):
                for item in value.values():
                    collect(item)

        for value in self.args + list(self.kwargs.values()):
            collect(value)
        return edges

    def inputs(self) -> List[Edge]:
        return [self.trigger] + self._outer_edges()

    def build(self, engine, native_of) -> list:
        outer = {(edge.node, edge.output_index): native_of(edge) for edge in self._outer_edges()}
        trigger = native_of(self.trigger)
        element_types = [native_of_tstype(t) for t in self.output_types]

        def build_instance(running_engine, key, attached):  # the engine is passed in: capturing it would be a cycle
            return self.build_instance(running_engine, outer, key, attached)

        return engine.add_dynamic(self.name, trigger, list(outer.values()), element_types, build_instance)

    def _argument(self, engine, outer, value, key, attached, position):
        if isinstance(value, _SnapKey):
            return key
        if isinstance(value, _Attach):
            return ExternalInstance(ts[self.value_type], attached).edge()
        if isinstance(value, _Snap):
            try:
                return engine.snap(outer[(value.edge.node, value.edge.output_index)])
            except RuntimeError:
                raise RuntimeError(f"csp.snap input ( sub_graph arg {position} ) is not valid at time of dynamic "
                                   f"creation on csp.dynamic node '{self.name}'") from None
        return value

    def build_instance(self, engine, outer, key, attached) -> list:
        """Wires the sub-graph for ``key`` into the engine's current build target (a child engine)."""
        context = GraphContext()
        context.start_time, context.end_time, context.realtime = self._times
        if self._root_context is not None:
            context.root = self._root_context
        with context:
            args = [self._argument(engine, outer, a, key, attached, i) for i, a in enumerate(self.args)]
            kwargs = {k: self._argument(engine, outer, v, key, attached, k) for k, v in self.kwargs.items()}
            result = self.sub_graph(*args, **kwargs)
            context.instantiate_delayed_nodes()
        results = self._output_edges(result)
        self._publish_graph_outputs(context)
        builder = EngineBuilder(engine, outer)
        builder.build(list(context.roots) + [edge.node for edge in results if edge is not None])  # outer ones are skipped
        builder.bind_feedbacks()
        return [builder.native_of(edge) if edge is not None else None for edge in results]

    def _publish_graph_outputs(self, context: GraphContext) -> None:
        """The sub-graph's csp.add_graph_output keys join the whole graph's results."""
        root = self._root_context
        if root is None:
            return
        for key, entry in context.graph_outputs.items():
            if key in root.graph_outputs:
                raise ValueError(f'graph output key "{key}" is already bound')
            root.graph_outputs[key] = entry

    def _output_edges(self, result) -> List[Optional[Edge]]:
        if not self.output_names:
            return []
        if len(self.output_names) == 1 and self.output_names[0] is None:
            return [result]
        if not isinstance(result, dict):
            raise TypeError(f"{self.name}: the sub-graph must return its named outputs {self.output_names}")
        return [result.get(name) for name in self.output_names]
