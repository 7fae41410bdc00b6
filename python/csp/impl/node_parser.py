"""The node compiler: turns a ``@csp.node`` function into a generator.

:func:`compile_node` reads the function's source, checks its structure
(docstring, then the optional ``with csp.alarms()``, ``csp.state()``,
``csp.start()`` and ``csp.stop()`` blocks in that order, then the body),
rewrites the node language (``csp.ticked``, ``return v``, ``csp.output``...)
into accesses to the engine, and compiles the result as described in
``docs/python_internals.md``:

.. code-block:: python

    def impl(_csp_v, _csp_up, _csp_tk, _csp_ctx, *scalars): ...

The generated code keeps the user's file name and line numbers, looks up
globals in the user's module (nothing is added to it) and shares the user
function's closure cells, so nodes defined inside functions see the
enclosing variables as they are when the node runs.

Errors in the definition raise :class:`~csp.impl.exceptions.CspParseError`
naming the user's file and line.

Calls the generated code makes on the node context ``_csp_ctx``
----------------------------------------------------------------
Arguments are always positional, with omitted ones filled in, so the
context needs no defaults. ``addr`` is a slot, or ``(slot, element index)``
for a basket element (``csp.value_at(x[k])``). ``UNSET`` means "not given".

=====================================================  ==============================================
node language                                          context call
=====================================================  ==============================================
``csp.output(...)`` (see the table in the doc)         ``output(index, value)``; a basket output
                                                       gets ``{key: value, ...}``
``csp.make_passive(x)`` / ``make_active``              ``make_passive(slot)`` / ``make_active(slot)``
``csp.now()``                                          ``now()``
``csp.schedule_alarm(a, when, value)``                 ``schedule_alarm(slot, when, value)`` → handle
``csp.cancel_alarm(a, handle)``                        ``cancel_alarm(slot, handle)``
``csp.reschedule_alarm(a, handle, when)``              ``reschedule_alarm(slot, handle, when)``
``csp.num_ticks(x)``                                   ``num_ticks(addr)``
``csp.value_at(x, index_or_time=0, default=UNSET)``    ``value_at(addr, index_or_time, default)``;
(also ``time_at``, ``item_at``)                        ``duplicate_policy=`` is passed as a keyword,
                                                       only when given
``csp.values_at(x, start=None, end=None,``             ``values_at(addr, start, end, start_policy,
``start_policy=None, end_policy=None)``                end_policy)``; ``None`` policies: inclusive
(also ``times_at``, ``items_at``)
``csp.set_buffering_policy(x, tick_count=None,``       ``set_buffering_policy(addr, tick_count,
``tick_history=None)``                                 tick_history)``
basket input ``x``                                     ``basket(slot)`` once, before the state block
=====================================================  ==============================================
"""

import __future__

import ast
import inspect
import types
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Sequence, Set, Tuple

from csp.impl.exceptions import CspParseError
from csp.impl.node_language import UNSET, marker_name
from csp.impl.types import AlarmDef, Signature, TsKind, TsType, build_signature, closure_values

__all__ = ["UNSET", "CompiledNode", "compile_node"]

_BLOCK_ORDER = ("alarms", "state", "start", "stop")

# Names used by the generated code (see docs/python_internals.md).
_UNSET_NAME = "_csp_UNSET"
_FACTORY_NAME = "_csp_factory"
_IMPL_NAME = "_csp_impl"


@dataclass(frozen=True)
class CompiledNode:
    """A compiled ``@csp.node``.

    ``signature`` describes its inputs, scalars, outputs and alarms; ``impl``
    is the generator function the engine drives; ``func`` is the user's
    function; ``tree`` is the generated module (see :meth:`generated_source`).
    """

    signature: Signature
    impl: Callable[..., Any]
    func: Callable[..., Any]
    tree: ast.Module

    def generated_source(self) -> str:
        """The generated code as Python source, for debugging."""
        return ast.unparse(self.tree)


@dataclass
class _Blocks:
    """The top-level parts of a node body."""

    alarms: List[ast.stmt]
    state: List[ast.stmt]
    start: List[ast.stmt]
    stop: Optional[List[ast.stmt]]
    body: List[ast.stmt]


def compile_node(func: Callable[..., Any], name: Optional[str] = None) -> CompiledNode:
    """Compile ``func`` (an undecorated Python function) into a :class:`CompiledNode`.

    ``name`` overrides the node name recorded in the signature. Raises
    :class:`CspParseError` if ``func`` is not a valid node definition or its
    source is not available.
    """
    fdef = _function_ast(func)
    return _NodeCompiler(func, fdef, name).compile()


# ------------------------------------------------------------------ source


def _function_ast(func: Callable[..., Any]) -> ast.FunctionDef:
    """The ``FunctionDef`` of ``func``, with line numbers of its source file."""
    code = func.__code__
    try:
        lines, first_line = inspect.getsourcelines(func)
    except (OSError, TypeError) as err:
        raise CspParseError(
            f"cannot compile node {func.__name__!r}: source code not available ({err})",
            code.co_filename,
            code.co_firstlineno,
        ) from None
    text = "".join(lines)
    if text[:1].isspace():
        # Indented (nested function or method): parse inside a dummy block so
        # the original indentation, and multi-line strings, stay as they are.
        text, first_line = "if True:\n" + text, first_line - 1
    tree = ast.parse(text, filename=code.co_filename)
    ast.increment_lineno(tree, first_line - 1)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == func.__name__:
            if isinstance(node, ast.AsyncFunctionDef):
                raise CspParseError("csp.node does not support async functions", code.co_filename, node.lineno)
            return node
    raise CspParseError(f"cannot find the definition of {func.__name__!r}", code.co_filename, first_line)


def _local_names(fdef: ast.FunctionDef) -> Set[str]:
    """Every name bound in the function's own scope (parameters, assignments, imports, defs...).

    Names bound only inside nested functions, lambdas or classes are not
    included: they do not hide module-level names from the function body.
    """
    names = {a.arg for a in _all_args(fdef)}
    pending: List[ast.AST] = list(fdef.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            names.add(node.name)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            pending.extend(node.decorator_list)  # evaluated in this scope; the body is not
        elif not isinstance(node, ast.Lambda):
            pending.extend(ast.iter_child_nodes(node))
    return names


def _closure_cells(func: Callable[..., Any]) -> Dict[str, types.CellType]:
    return dict(zip(func.__code__.co_freevars, func.__closure__ or ()))


_WIRING = "<wiring>"  # marker of a graph-wiring callable, which a node body may not call


def _is_wiring_call(obj: Any) -> bool:
    """True for the library's graph-wiring functions (csp.const, csp.sample...): invalid inside a node.

    A user's node called from a node body is not caught here: it fails when
    called, its arguments being values, not edges.
    """
    module = getattr(obj, "__module__", None) or getattr(type(obj), "__module__", "")
    return module in ("csp.baselib", "csp.math") and callable(obj) and not isinstance(obj, type)


class _Namespace:
    """Resolves expressions of the node body to objects at definition time.

    Only names that are not local to the function are resolved: closure
    variables first, then module globals. Attribute chains (``csp.ticked``,
    ``c.ticked``) are followed with ``getattr``.
    """

    _MISSING = object()

    def __init__(self, func: Callable[..., Any], local_names: Set[str]):
        self._func = func
        self._globals = func.__globals__
        self._cells = _closure_cells(func)
        self._locals = local_names

    def resolve(self, expr: ast.expr) -> Any:
        """The object ``expr`` denotes, or a private sentinel if unknown."""
        if isinstance(expr, ast.Name):
            if expr.id in self._locals:
                return self._MISSING
            if expr.id in self._cells:
                try:
                    return self._cells[expr.id].cell_contents
                except ValueError:
                    return self._MISSING
            return self._globals.get(expr.id, self._MISSING)
        if isinstance(expr, ast.Attribute):
            base = self.resolve(expr.value)
            if base is self._MISSING:
                return base
            try:
                return getattr(base, expr.attr)
            except Exception:
                return self._MISSING
        return self._MISSING

    def marker(self, expr: ast.expr) -> Optional[str]:
        """The node-language name of the function ``expr`` denotes, or ``None``."""
        obj = self.resolve(expr)
        if obj is not self._MISSING and _is_wiring_call(obj):
            return _WIRING
        return None if obj is self._MISSING else marker_name(obj)


    def evaluate(self, expr: ast.expr, filename: str) -> Any:
        """Evaluate ``expr`` in the function's globals and closure."""
        code = compile(ast.Expression(expr), filename, "eval")
        return eval(code, self._globals, closure_values(self._func))


# ---------------------------------------------------------------- rewriter

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


def _ctx_call(method: str, args: Sequence[ast.expr], keywords: Sequence[ast.keyword] = ()) -> ast.Call:
    """``_csp_ctx.<method>(*args, **keywords)``."""
    func = ast.Attribute(value=ast.Name("_csp_ctx", ast.Load()), attr=method, ctx=ast.Load())
    return ast.Call(func=func, args=list(args), keywords=list(keywords))


def _method_call(obj: str, method: str, args: Sequence[ast.expr]) -> ast.Call:
    """``<obj>.<method>(*args)``."""
    func = ast.Attribute(value=ast.Name(obj, ast.Load()), attr=method, ctx=ast.Load())
    return ast.Call(func=func, args=list(args), keywords=[])


def _default_expr(value: Any) -> ast.expr:
    """The expression of a parameter default: ``_csp_UNSET`` for UNSET, else a constant."""
    return ast.Name(_UNSET_NAME, ast.Load()) if value is UNSET else ast.Constant(value)


def _subscript(name: str, index: int) -> ast.Subscript:
    """``<name>[index]``."""
    return ast.Subscript(value=ast.Name(name, ast.Load()), slice=ast.Constant(index), ctx=ast.Load())


class _BodyRewriter(ast.NodeTransformer):
    """Rewrites the node language in the statements of one node.

    Call :meth:`rewrite_block` for each block; ``emitted`` collects the
    indices of the outputs the code can tick. ``marker`` maps a called
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
        self.loops = 0  # enclosing for/while loops
        self.scopes = 0  # enclosing nested functions, lambdas and classes

    def rewrite_block(self, statements: Sequence[ast.stmt], block: str) -> List[ast.stmt]:
        """The rewritten ``statements`` of block ``block`` ("state", "start", "body" or "stop")."""
        self.block = block
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
        done = ast.copy_location(ast.Continue(), node)
        if node.value is None:
            return done
        if self.is_output_call(node.value):
            return [ast.copy_location(ast.Expr(call), node) for call in self.output_calls(node.value)] + [done]
        if not self.signature.outputs:
            raise self.error(node, "returning from node without any outputs defined")
        if len(self.signature.outputs) > 1:
            raise self.error(
                node, "Returning multiple outputs must use the following syntax: return csp.output(out1=val1, ...)"
            )
        self.emitted.add(0)
        target = ast.Name("_csp_o", ast.Store())
        assign = ast.copy_location(ast.Assign(targets=[target], value=self.visit(node.value)), node)
        return [assign, done]

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
        raise self.error(expr, f"csp.{kind} expects inputs or alarms by name, got '{ast.unparse(expr)}'")

    def ticked_expr(self, ref: _InputRef) -> ast.expr:
        if ref.key is not None:
            return _method_call(ref.name, "element_ticked", [ref.key])
        return _subscript("_csp_tk", ref.slot)

    def valid_expr(self, ref: _InputRef) -> ast.expr:
        if ref.key is not None:
            return _method_call(ref.name, "element_valid", [ref.key])
        if ref.is_basket:
            return _method_call(ref.name, "valid", [])
        return ast.Compare(left=_subscript("_csp_v", ref.slot), ops=[ast.IsNot()], comparators=[ast.Name(_UNSET_NAME, ast.Load())])

    def address_expr(self, ref: _InputRef) -> ast.expr:
        """The context address of ``ref``: its slot, or ``(slot, element index)``."""
        if ref.key is not None:
            return _method_call(ref.name, "element_address", [ref.key])
        return ast.Constant(ref.slot)

    @staticmethod
    def combine(op: ast.boolop, parts: List[ast.expr]) -> ast.expr:
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


class _NodeCompiler:
    """Compiles one node function; used once by :func:`compile_node`."""

    def __init__(self, func: Callable[..., Any], fdef: ast.FunctionDef, name: Optional[str]):
        self.func = func
        self.fdef = fdef
        self.name = name
        self.filename = func.__code__.co_filename
        self.namespace = _Namespace(func, _local_names(fdef))

    def error(self, node: ast.AST, msg: str) -> CspParseError:
        return CspParseError(msg, self.filename, getattr(node, "lineno", None))

    def compile(self) -> CompiledNode:
        blocks = self.split_blocks(self.fdef.body)
        alarms = self.parse_alarms(blocks.alarms)
        signature = build_signature(
            self.func,
            alarms=alarms,
            lineno=self.fdef.lineno,
            param_lines={a.arg: a.lineno for a in _all_args(self.fdef)},
            name=self.name,
        )
        self.check_alarm_names(signature, blocks.alarms)
        rewriter = _BodyRewriter(signature, self.namespace.marker, self.error)
        state = rewriter.rewrite_block(blocks.state, "state")
        start = rewriter.rewrite_block(blocks.start, "start")
        body = rewriter.rewrite_block(blocks.body, "body")
        stop = rewriter.rewrite_block(blocks.stop, "stop") if blocks.stop is not None else None
        self.check_outputs(signature, rewriter.emitted)
        tree = self.generate(signature, state, start, body, stop)
        return CompiledNode(signature, self.make_function(tree), self.func, tree)

    # -- structure -------------------------------------------------------

    def block_kind(self, stmt: ast.stmt) -> Optional[str]:
        """``"alarms"``/``"state"``/``"start"``/``"stop"`` if ``stmt`` opens that block."""
        if not isinstance(stmt, ast.With) or len(stmt.items) != 1:
            return None
        item = stmt.items[0]
        call = item.context_expr
        if not isinstance(call, ast.Call):
            return None
        kind = self.namespace.marker(call.func)
        if kind not in _BLOCK_ORDER:
            return None
        if call.args or call.keywords or item.optional_vars is not None:
            raise self.error(stmt, f"'with csp.{kind}()' takes no arguments and no 'as' target")
        return kind

    def split_blocks(self, statements: Sequence[ast.stmt]) -> _Blocks:
        """Split the function body into its special blocks and the node body."""
        statements = list(statements)
        if statements and _is_docstring(statements[0]):
            statements = statements[1:]
        found: Dict[str, List[ast.stmt]] = {}
        last = -1
        for position, stmt in enumerate(statements):
            kind = self.block_kind(stmt)
            if kind is None:
                body = statements[position:]
                break
            order = _BLOCK_ORDER.index(kind)
            if order == last:
                raise self.error(stmt, f"duplicate 'with csp.{kind}()' block")
            if order < last:
                raise self.error(stmt, f"{kind} must be declared before {_BLOCK_ORDER[last]}")
            found[kind], last = stmt.body, order
        else:
            body = []
        return _Blocks(found.get("alarms", []), found.get("state", []), found.get("start", []), found.get("stop"), body)

    def parse_alarms(self, statements: Sequence[ast.stmt]) -> Tuple[AlarmDef, ...]:
        """The alarms declared as ``name = csp.alarm(T)`` statements."""
        alarms = []
        for stmt in statements:
            if isinstance(stmt, ast.Pass):
                continue
            typ_expr = self.alarm_type_expr(stmt)
            if typ_expr is None:
                raise self.error(stmt, "alarms must be declared as 'name = csp.alarm(type)' in the 'with csp.alarms()' block")
            try:
                typ = self.namespace.evaluate(typ_expr, self.filename)
            except Exception as err:
                raise self.error(stmt, f"invalid alarm type '{ast.unparse(typ_expr)}': {err}") from None
            alarms.append(AlarmDef(stmt.targets[0].id, typ.typ if isinstance(typ, TsType) else typ))
        return tuple(alarms)

    def alarm_type_expr(self, stmt: ast.stmt) -> Optional[ast.expr]:
        """The type expression of ``name = csp.alarm(type)``, or ``None`` if ``stmt`` is not one."""
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
            return None
        call = stmt.value
        if not (isinstance(call, ast.Call) and self.namespace.marker(call.func) == "alarm"):
            return None
        if len(call.args) == 1 and not call.keywords:
            return call.args[0]
        if not call.args and len(call.keywords) == 1 and call.keywords[0].arg == "typ":
            return call.keywords[0].value
        return None

    def check_alarm_names(self, signature: Signature, statements: Sequence[ast.stmt]) -> None:
        seen = {a.name for a in signature.args}
        for stmt, alarm in zip([s for s in statements if not isinstance(s, ast.Pass)], signature.alarms):
            if alarm.name in seen:
                raise self.error(stmt, f"alarm {alarm.name!r} is already declared as an argument or alarm")
            seen.add(alarm.name)

    def check_outputs(self, signature: Signature, emitted: Set[int]) -> None:
        """Every declared output must be emitted by a ``return`` or ``csp.output``."""
        for index, out in enumerate(signature.outputs):
            if index in emitted:
                continue
            if out.name is None:
                raise self.error(self.fdef, "node has outputs defined but no return or csp.output statements")
            raise self.error(self.fdef, f"output {out.name!r} is never returned")

    # -- code generation --------------------------------------------------

    def generate(
        self,
        signature: Signature,
        state: List[ast.stmt],
        start: List[ast.stmt],
        body: List[ast.stmt],
        stop: Optional[List[ast.stmt]],
    ) -> ast.Module:
        """The module ``def _csp_factory(_csp_UNSET, <free vars>): def _csp_impl(...): ...``."""
        at = self.fdef
        prologue = [
            _stmt(at, f"{inp.name} = _csp_ctx.basket({slot})")
            for slot, inp in enumerate(signature.inputs)
            if inp.is_basket
        ]
        loads = [
            _stmt(at, f"if _csp_up[{slot}]: {name} = _csp_v[{slot}]") for slot, name in _value_slots(signature)
        ]
        loop = _stmt(at, "while True:\n    yield _csp_o\n    _csp_o = _csp_UNSET")
        loop.body.extend(loads + body)
        main = [_stmt(at, "_csp_o = _csp_UNSET"), loop]
        if stop is not None:
            main = [_located(ast.Try(body=main, handlers=[], orelse=[], finalbody=stop or [ast.Pass()]), at)]
        params = ", ".join(["_csp_v", "_csp_up", "_csp_tk", "_csp_ctx"] + [s.name for s in signature.scalars])
        impl = _stmt(at, f"def {_IMPL_NAME}({params}): pass")
        impl.body = prologue + state + start + main
        factory_params = ", ".join([_UNSET_NAME, *self.func.__code__.co_freevars])
        factory = _stmt(at, f"def {_FACTORY_NAME}({factory_params}): return {_IMPL_NAME}")
        factory.body.insert(0, impl)
        return ast.fix_missing_locations(ast.Module(body=[factory], type_ignores=[]))

    def make_function(self, tree: ast.Module) -> Callable[..., Any]:
        """Compile ``tree`` and build the impl over the user's globals and closure cells."""
        flags = self.func.__code__.co_flags & __future__.annotations.compiler_flag
        module_code = compile(tree, self.filename, "exec", flags=flags, dont_inherit=True)
        factory_code = _nested_code(module_code, _FACTORY_NAME)
        impl_code = _nested_code(factory_code, _IMPL_NAME).replace(
            co_name=self.func.__name__, co_qualname=self.func.__qualname__
        )
        cells = _closure_cells(self.func)
        cells[_UNSET_NAME] = types.CellType(UNSET)
        closure = tuple(cells[name] for name in impl_code.co_freevars)
        impl = types.FunctionType(impl_code, self.func.__globals__, self.func.__name__, None, closure)
        impl.__qualname__ = self.func.__qualname__
        impl.__module__ = self.func.__module__
        impl.__doc__ = self.func.__doc__
        return impl


# ----------------------------------------------------------------- helpers


def _value_slots(signature: Signature) -> List[Tuple[int, str]]:
    """``(slot, name)`` of every single input and alarm: the locals loaded from ``_csp_v``."""
    n_inputs = len(signature.inputs)
    singles = [(slot, inp.name) for slot, inp in enumerate(signature.inputs) if not inp.is_basket]
    return singles + [(n_inputs + i, alarm.name) for i, alarm in enumerate(signature.alarms)]


def _all_args(fdef: ast.FunctionDef) -> List[ast.arg]:
    args = fdef.args
    extra = [a for a in (args.vararg, args.kwarg) if a is not None]
    return args.posonlyargs + args.args + args.kwonlyargs + extra


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)


def _located(node: ast.AST, at: ast.AST) -> ast.AST:
    """``node`` placed at the start of ``at`` (its children without a position inherit it)."""
    node.lineno = node.end_lineno = at.lineno
    node.col_offset = node.end_col_offset = at.col_offset
    return node


def _stmt(at: ast.AST, source: str) -> ast.stmt:
    """Parse one generated statement and give all its nodes the position of ``at``."""
    (node,) = ast.parse(source).body
    for child in ast.walk(node):
        if "lineno" in child._attributes:
            _located(child, at)
    return node


def _nested_code(code: types.CodeType, name: str) -> types.CodeType:
    return next(c for c in code.co_consts if isinstance(c, types.CodeType) and c.co_name == name)
