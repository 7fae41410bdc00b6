"""Rewrites the node language inside a ``@csp.node`` body (see docs/python_internals.md).

``_BodyRewriter`` turns calls such as ``csp.ticked(x)``, ``csp.output(...)``,
``csp.schedule_alarm(...)`` and ``return v`` into the slot-list reads and
``_csp_ctx`` calls of the generated generator; ``csp.impl.node_parser``
drives it block by block.
"""

import ast
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Sequence, Set, Tuple

from csp.impl.node_language import UNSET
from csp.impl.types import Signature, TsKind

_BLOCK_ORDER = ("alarms", "state", "start", "stop")
_UNSET_NAME = "_csp_UNSET"
_WIRING = "<wiring>"  # marker of a graph-wiring callable, which a node body may not call


_REQUIRED = object()  # a parameter without default
_OMITTED = object()  # an optional parameter passed to the context only when given


@dataclass(frozen=True)
class _CallSpec:
    """How a node-language engine call maps onto the node context.

    ``params`` are the parameters after the input or alarm, in the user-facing
    order, with their defaults (``_csp_UNSET`` is written as ``UNSET``).
    ``ctx_args`` are passed positionally, in that order, with defaults filled
    in; other parameters are passed as keywords, and only when given.
    """

    params: Tuple[Tuple[str, Any], ...]
    ctx_args: Tuple[str, ...]


_AT = _CallSpec((("index_or_time", 0), ("duplicate_policy", _OMITTED), ("default", UNSET)), ("index_or_time", "default"))
_BETWEEN = _CallSpec(
    (
        ("start_index_or_time", None),
        ("end_index_or_time", None),
        ("start_index_policy", None),
        ("end_index_policy", None),
    ),
    ("start_index_or_time", "end_index_or_time", "start_index_policy", "end_index_policy"),
)
_HISTORY = {
    "num_ticks": _CallSpec((), ()),
    "value_at": _AT,
    "time_at": _AT,
    "item_at": _AT,
    "values_at": _BETWEEN,
    "times_at": _BETWEEN,
    "items_at": _BETWEEN,
    "set_buffering_policy": _CallSpec((("tick_count", None), ("tick_history", None)), ("tick_count", "tick_history")),
}
_ALARM_CALLS = {
    "schedule_alarm": _CallSpec((("when", _REQUIRED), ("value", _REQUIRED)), ("when", "value")),
    "cancel_alarm": _CallSpec((("handle", _REQUIRED),), ("handle",)),
    "reschedule_alarm": _CallSpec((("handle", _REQUIRED), ("when", _REQUIRED)), ("handle", "when")),
}


@dataclass(frozen=True)
class _InputRef:
    """An input or alarm named in a node-language call: ``x`` or basket element ``x[key]``."""

    name: str
    slot: int
    is_basket: bool
    key: Optional[ast.expr] = None  # the element key expression, for ``x[key]``
    shape: bool = False  # ``x.shape`` of a dynamic basket


def _ctx_call(method: str, args: Sequence[ast.expr], keywords: Sequence[ast.keyword] = ()) -> ast.Call:
    """``_csp_ctx.<method>(*args, **keywords)``."""
    func = ast.Attribute(value=ast.Name("_csp_ctx", ast.Load()), attr=method, ctx=ast.Load())
    return ast.Call(func=func, args=list(args), keywords=list(keywords))


def _method_call(obj: str, method: str, args: Sequence[ast.expr]) -> ast.Call:
    """``<obj>.<method>(*args)``."""
    func = ast.Attribute(value=ast.Name(obj, ast.Load()), attr=method, ctx=ast.Load())
    return ast.Call(func=func, args=list(args), keywords=[])


def _shape_call(obj: str, method: str) -> ast.Call:
    """``<obj>.shape.<method>()`` (a dynamic basket's shape)."""
    shape = ast.Attribute(value=ast.Name(obj, ast.Load()), attr="shape", ctx=ast.Load())
    return ast.Call(func=ast.Attribute(value=shape, attr=method, ctx=ast.Load()), args=[], keywords=[])


def _default_expr(value: Any) -> ast.expr:
    """The expression of a parameter default: ``_csp_UNSET`` for UNSET, else a constant."""
    return ast.Name(_UNSET_NAME, ast.Load()) if value is UNSET else ast.Constant(value)


def _subscript(name: str, index: int) -> ast.Subscript:
    """``<name>[index]``."""
    return ast.Subscript(value=ast.Name(name, ast.Load()), slice=ast.Constant(index), ctx=ast.Load())


def has_guarded_return(statements: Sequence[ast.stmt]) -> bool:
    """Whether a ``return`` of the node body lies within a ``try`` or ``with``
    statement (whose exit must run before the node's value is handed over)."""

    def visit(node: ast.AST, guarded: bool) -> bool:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            return False
        if isinstance(node, ast.Return):
            return guarded
        guarded = guarded or isinstance(node, (ast.Try, ast.With, ast.AsyncWith, getattr(ast, "TryStar", ast.Try)))
        return any(visit(child, guarded) for child in ast.iter_child_nodes(node))

    return any(visit(stmt, False) for stmt in statements)


def _yield_stmt(value: ast.expr, at: ast.AST) -> ast.stmt:
    """``_csp_in = yield <value>``: hands ``value`` to the engine and waits for the next execution."""
    target = ast.Name("_csp_in", ast.Store())
    return ast.copy_location(ast.Assign(targets=[target], value=ast.Yield(value)), at)


class _BodyRewriter(ast.NodeTransformer):
    """Rewrites the node language in the statements of one node.

    Call :meth:`rewrite_block` for each block; ``emitted`` collects the
    indices of the outputs the code can tick. With ``yield_returns``, a
    ``return`` of the body hands its value to the engine where it stands
    (``_csp_in = yield v; continue``); else it stores it in ``_csp_o`` for
    the ``yield`` at the top of the loop (``_csp_o = v; continue``). ``marker`` maps a called
    expression to its node-language name; ``error(node, msg)`` builds the
    :class:`CspParseError` to raise.
    """

    def __init__(self, signature: Signature, marker: Callable[[ast.expr], Optional[str]], error: Callable[..., Exception]):
        self.signature = signature
        self.marker = marker
        self.error = error
        self.emitted: Set[int] = set()
        n_inputs = len(signature.inputs)
        self.refs = {inp.name: _InputRef(inp.name, slot, inp.is_basket) for slot, inp in enumerate(signature.inputs)}
        self.alarms = {a.name: _InputRef(a.name, n_inputs + i, False) for i, a in enumerate(signature.alarms)}
        self.refs.update(self.alarms)
        self.block = "body"
        self.all_valid = False
        self.ticked_slots: Set[int] = set()  # slots whose `_csp_tk` entry the code reads
        self.yield_returns = False
        self.loops = 0  # enclosing for/while loops
        self.scopes = 0  # enclosing nested functions, lambdas and classes

    def rewrite_block(self, statements: Sequence[ast.stmt], block: str, all_valid: bool = False) -> List[ast.stmt]:
        """The rewritten ``statements`` of block ``block`` ("state", "start", "body" or "stop").

        With ``all_valid``, ``csp.valid`` of a single input or alarm is ``True``
        (the code runs only once every one of them is valid).
        """
        self.block = block
        self.all_valid = all_valid
        result: List[ast.stmt] = []
        for stmt in statements:
            new = self.visit(stmt)
            result.extend(new if isinstance(new, list) else [new])
        return result

    # -- scopes and control flow -------------------------------------------

    def visit_For(self, node: ast.AST) -> ast.AST:
        self.loops += 1
        try:
            return self.generic_visit(node)
        finally:
            self.loops -= 1

    visit_AsyncFor = visit_While = visit_For

    def visit_FunctionDef(self, node: ast.AST) -> ast.AST:
        self.scopes += 1
        try:
            return self.generic_visit(node)
        finally:
            self.scopes -= 1

    visit_AsyncFunctionDef = visit_Lambda = visit_ClassDef = visit_FunctionDef

    def visit_Yield(self, node: ast.AST) -> ast.AST:
        if not self.scopes:
            raise self.error(node, "yield is not supported in a csp.node")
        return self.generic_visit(node)

    visit_YieldFrom = visit_Await = visit_Yield

    def visit_With(self, node: ast.With) -> ast.AST:
        for item in node.items:
            call = item.context_expr
            kind = self.marker(call.func) if isinstance(call, ast.Call) else None
            if kind in _BLOCK_ORDER:
                raise self.error(
                    node,
                    f"Invalid usage of {kind}: 'with csp.{kind}()' must come at the beginning of the node, "
                    "before any other statement, in the order alarms, state, start, stop",
                )
        return self.generic_visit(node)

    def visit_Return(self, node: ast.Return) -> Any:
        if self.scopes:
            return self.generic_visit(node)
        if self.block != "body":
            raise self.error(node, f"return is not supported in the 'with csp.{self.block}()' block")
        if self.loops:
            raise self.error(node, "returning from within a for or while loop is not supported")
        if node.value is None:
            return self.hand_over(None, node)
        if self.is_output_call(node.value):
            calls = [ast.copy_location(ast.Expr(call), node) for call in self.output_calls(node.value)]
            return calls + self.hand_over(None, node)
        if not self.signature.outputs:
            raise self.error(node, "returning from node without any outputs defined")
        if len(self.signature.outputs) > 1:
            raise self.error(
                node, "Returning multiple outputs must use the following syntax: return csp.output(out1=val1, ...)"
            )
        self.emitted.add(0)
        return self.hand_over(self.visit(node.value), node)

    def hand_over(self, value: Optional[ast.expr], at: ast.AST) -> List[ast.stmt]:
        """The statements ending an execution at ``at`` with ``value`` for output 0 (None: no tick)."""
        done = ast.copy_location(ast.Continue(), at)
        if self.yield_returns:
            return [_yield_stmt(value if value is not None else ast.Name(_UNSET_NAME, ast.Load()), at), done]
        if value is None:
            return [done]
        return [ast.copy_location(ast.Assign(targets=[ast.Name("_csp_o", ast.Store())], value=value), at), done]

    def visit_Expr(self, node: ast.Expr) -> Any:
        if self.is_output_call(node.value):
            return [ast.copy_location(ast.Expr(call), node) for call in self.output_calls(node.value)]
        return self.generic_visit(node)

    # -- node-language calls ----------------------------------------------

    def visit_Call(self, node: ast.Call) -> ast.AST:
        kind = self.marker(node.func)
        if kind is None:
            return self.generic_visit(node)
        if kind == _WIRING:
            raise self.error(node, f"invalid csp call {ast.unparse(node.func)}")
        if kind in _HISTORY:
            new = self.rewrite_history(kind, node)
        elif kind in _ALARM_CALLS:
            new = self.rewrite_alarm_call(kind, node)
        else:
            new = getattr(self, f"rewrite_{kind}")(node)
        return ast.copy_location(new, node)

    def rewrite_ticked(self, node: ast.Call) -> ast.expr:
        refs = self.input_refs("ticked", node)
        return self.combine(ast.Or(), [self.ticked_expr(ref) for ref in refs])

    def rewrite_valid(self, node: ast.Call) -> ast.expr:
        refs = self.input_refs("valid", node)
        return self.combine(ast.And(), [self.valid_expr(ref) for ref in refs])

    def rewrite_make_passive(self, node: ast.Call, method: str = "make_passive") -> ast.expr:
        if len(node.args) != 1 or node.keywords:
            raise self.error(node, f"csp.{method} takes exactly one input")
        ref = self.input_ref(method, node.args[0])
        if ref.key is not None:
            raise self.error(node, f"csp.{method} applies to a whole input or basket, not a basket element")
        return _ctx_call(method, [ast.Constant(ref.slot)])

    def rewrite_make_active(self, node: ast.Call) -> ast.expr:
        return self.rewrite_make_passive(node, "make_active")

    def rewrite_output(self, node: ast.Call) -> ast.expr:
        calls = self.output_calls(node)
        return calls[0] if len(calls) == 1 else ast.Tuple(elts=calls, ctx=ast.Load())

    def rewrite_remove_dynamic_key(self, node: ast.Call) -> ast.expr:
        """``csp.remove_dynamic_key(key)`` / ``csp.remove_dynamic_key(output, key)`` → ``_csp_ctx.remove_dynamic_key(index, key)``."""
        if node.keywords or len(node.args) not in (1, 2):
            raise self.error(node, "csp.remove_dynamic_key takes a key, or an output name and a key")
        if len(node.args) == 1:
            index = self.single_output(node)
        elif isinstance(node.args[0], ast.Name):
            index = self.output_by_name(node, node.args[0].id)
        else:
            raise self.error(node, "csp.remove_dynamic_key(output, key) takes the output's name, not an expression")
        if self.signature.outputs[index].kind != TsKind.DYNAMIC_BASKET:
            raise self.error(node, "csp.remove_dynamic_key applies to a dynamic basket output")
        return _ctx_call("remove_dynamic_key", [ast.Constant(index), self.visit(node.args[-1])])

    def rewrite_now(self, node: ast.Call) -> ast.expr:
        if node.args or node.keywords:
            raise self.error(node, "csp.now takes no arguments")
        return _ctx_call("now", [])

    def rewrite_alarm(self, node: ast.Call) -> ast.expr:
        raise self.error(node, "csp.alarm can only be used in the 'with csp.alarms()' block")

    def rewrite_alarms(self, node: ast.Call, kind: str = "alarms") -> ast.expr:
        raise self.error(node, f"csp.{kind}() can only be used as 'with csp.{kind}():' at the beginning of a node")

    def rewrite_state(self, node: ast.Call) -> ast.expr:
        return self.rewrite_alarms(node, "state")

    def rewrite_start(self, node: ast.Call) -> ast.expr:
        return self.rewrite_alarms(node, "start")

    def rewrite_stop(self, node: ast.Call) -> ast.expr:
        return self.rewrite_alarms(node, "stop")

    def rewrite_alarm_call(self, kind: str, node: ast.Call) -> ast.expr:
        """``csp.schedule_alarm(a, when, v)`` → ``_csp_ctx.schedule_alarm(<slot of a>, when, v)`` (also cancel/reschedule)."""
        first = node.args[0] if node.args else None
        if not isinstance(first, ast.Name) or first.id not in self.alarms:
            raise self.error(node, f"csp.{kind} expects an alarm declared in 'with csp.alarms()' as first argument")
        args, keywords = self.engine_arguments(kind, node, _ALARM_CALLS[kind])
        return _ctx_call(kind, [ast.Constant(self.alarms[first.id].slot)] + args, keywords)

    def rewrite_history(self, kind: str, node: ast.Call) -> ast.expr:
        """``csp.value_at(x, ...)`` → ``_csp_ctx.value_at(<address of x>, ...)`` (all history calls)."""
        if not node.args or isinstance(node.args[0], ast.Starred):
            raise self.error(node, f"csp.{kind} expects an input as first argument")
        address = self.address_expr(self.input_ref(kind, node.args[0]))
        args, keywords = self.engine_arguments(kind, node, _HISTORY[kind])
        return _ctx_call(kind, [address] + args, keywords)

    def engine_arguments(self, kind: str, node: ast.Call, spec: _CallSpec) -> Tuple[List[ast.expr], List[ast.keyword]]:
        """The context arguments for ``node``'s arguments after the first, bound to ``spec``."""
        given: Dict[str, ast.expr] = {}
        names = [name for name, _ in spec.params]
        if len(node.args) - 1 > len(names) or any(isinstance(a, ast.Starred) for a in node.args):
            raise self.error(node, f"csp.{kind} takes at most {len(names) + 1} positional arguments")
        given.update(zip(names, node.args[1:]))
        for keyword in node.keywords:
            if keyword.arg not in names or keyword.arg in given:
                raise self.error(node, f"csp.{kind} got an unexpected or repeated argument '{keyword.arg}'")
            given[keyword.arg] = keyword.value
        for name, default in spec.params:
            if default is _REQUIRED and name not in given:
                raise self.error(node, f"csp.{kind} is missing argument '{name}'")
        defaults = dict(spec.params)
        args = [self.visit(given[n]) if n in given else _default_expr(defaults[n]) for n in spec.ctx_args]
        keywords = [ast.keyword(arg=n, value=self.visit(v)) for n, v in given.items() if n not in spec.ctx_args]
        return args, keywords

    # -- inputs --------------------------------------------------------------

    def input_refs(self, kind: str, node: ast.Call) -> List[_InputRef]:
        if not node.args or node.keywords:
            raise self.error(node, f"csp.{kind} expects one or more inputs")
        return [self.input_ref(kind, arg) for arg in node.args]

    def input_ref(self, kind: str, expr: ast.expr) -> _InputRef:
        """The input, alarm or basket element ``expr`` names; a parse error otherwise."""
        if isinstance(expr, ast.Name):
            if expr.id not in self.refs:
                raise self.error(expr, f"unrecognized input '{expr.id}'")
            return self.refs[expr.id]
        if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name):
            ref = self.refs.get(expr.value.id)
            if ref is not None and ref.is_basket:
                return _InputRef(ref.name, ref.slot, True, self.visit(expr.slice))
        if isinstance(expr, ast.Attribute) and expr.attr == "shape" and isinstance(expr.value, ast.Name):
            ref = self.refs.get(expr.value.id)
            if ref is not None and ref.is_basket:
                return _InputRef(ref.name, ref.slot, True, shape=True)
        raise self.error(expr, f"csp.{kind} expects inputs or alarms by name, got '{ast.unparse(expr)}'")

    def ticked_expr(self, ref: _InputRef) -> ast.expr:
        if ref.shape:
            return _shape_call(ref.name, "ticked")
        if ref.key is not None:
            return _method_call(ref.name, "element_ticked", [ref.key])
        self.ticked_slots.add(ref.slot)
        return _subscript("_csp_tk", ref.slot)

    def valid_expr(self, ref: _InputRef) -> ast.expr:
        if ref.shape:
            return _shape_call(ref.name, "valid")
        if ref.key is not None:
            return _method_call(ref.name, "element_valid", [ref.key])
        if ref.is_basket:
            return _method_call(ref.name, "valid", [])
        if self.all_valid:
            return ast.Constant(True)
        return ast.Compare(left=_subscript("_csp_v", ref.slot), ops=[ast.IsNot()], comparators=[ast.Name(_UNSET_NAME, ast.Load())])

    def address_expr(self, ref: _InputRef) -> ast.expr:
        """The context address of ``ref``: its slot, or ``(slot, element index)``."""
        if ref.key is not None:
            return _method_call(ref.name, "element_address", [ref.key])
        return ast.Constant(ref.slot)

    @staticmethod
    def combine(op: ast.boolop, parts: List[ast.expr]) -> ast.expr:
        if isinstance(op, ast.And):  # `valid(x, y)` of inputs known valid: nothing to test
            parts = [p for p in parts if not (isinstance(p, ast.Constant) and p.value is True)] or [ast.Constant(True)]
        return parts[0] if len(parts) == 1 else ast.BoolOp(op=op, values=parts)

    # -- outputs -------------------------------------------------------------

    def is_output_call(self, expr: ast.expr) -> bool:
        return isinstance(expr, ast.Call) and self.marker(expr.func) == "output"

    def output_calls(self, node: ast.Call) -> List[ast.expr]:
        """One ``_csp_ctx.output(index, value)`` per value ticked by ``csp.output(...)``."""
        if node.args and node.keywords:
            raise self.error(node, "Invalid use of csp.output: pass either positional or keyword arguments")
        if node.keywords:
            return [self.emit(self.output_by_name(node, kw.arg), self.visit(kw.value)) for kw in node.keywords]
        if len(node.args) == 1 and not isinstance(node.args[0], ast.Starred):
            return [self.emit(self.single_output(node), self.visit(node.args[0]))]
        if len(node.args) == 2:
            return [self.named_output_call(node, *node.args)]
        raise self.error(node, "Invalid use of csp.output: use csp.output(value), csp.output(name=value) or csp.output(name, value)")

    def output_by_name(self, node: ast.AST, name: Optional[str]) -> int:
        index = self.signature.output_index(name) if name is not None else None
        if index is None:
            raise self.error(node, f"unknown output '{name}'" if name else "Invalid use of csp.output")
        return index

    def single_output(self, node: ast.Call) -> int:
        count = len(self.signature.outputs)
        if count == 0:
            raise self.error(node, "csp.output used in a node without outputs")
        if count > 1:
            raise self.error(node, "csp.output(value) requires a single output; use csp.output(name=value)")
        return 0

    def named_output_call(self, node: ast.Call, target: ast.expr, value: ast.expr) -> ast.expr:
        """``csp.output(name, v)`` or ``csp.output(basket[key], v)``."""
        if isinstance(target, ast.Name):
            return self.emit(self.output_by_name(node, target.id), self.visit(value))
        if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            index = self.output_by_name(node, target.value.id)
            if self.signature.outputs[index].kind == TsKind.TS:
                raise self.error(node, f"output '{target.value.id}' is not a basket")
            item = ast.Dict(keys=[self.visit(target.slice)], values=[self.visit(value)])
            return self.emit(index, item)
        raise self.error(node, "Invalid use of csp.output: the first of two arguments must be an output name")

    def emit(self, index: int, value: ast.expr) -> ast.expr:
        self.emitted.add(index)
        return _ctx_call("output", [ast.Constant(index), value])


# ---------------------------------------------------------------- compiler
