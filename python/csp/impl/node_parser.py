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
import copy
import inspect
import types
from dataclasses import dataclass
from typing import Any, Callable, Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

from csp.impl.exceptions import CspParseError
from csp.impl.node_language import UNSET, marker_name
from csp.impl.node_rewriter import _BLOCK_ORDER, _UNSET_NAME, _WIRING, _BodyRewriter, has_guarded_return
from csp.impl.types import AlarmDef, Signature, TsType, build_signature, closure_values

__all__ = ["UNSET", "CompiledNode", "compile_node"]


# Names used by the generated code (see docs/python_internals.md).
_FACTORY_NAME = "_csp_factory"
_IMPL_NAME = "_csp_impl"
_ALL_VALID_NAME = "_csp_ALL_VALID"


class _AllValidType:
    """Type of :data:`ALL_VALID` (one instance)."""

    def __repr__(self) -> str:
        return "ALL_VALID"


ALL_VALID = _AllValidType()
"""What the engine resumes a settling node with, once, when every single input's and alarm's value has been loaded."""


@dataclass(frozen=True)
class CompiledNode:
    """A compiled ``@csp.node``.

    ``signature`` describes its inputs, scalars, outputs and alarms; ``impl``
    is the generator function the engine drives; ``func`` is the user's
    function; ``tree`` is the generated module (see :meth:`generated_source`);
    ``ticked_slots`` are the slots whose ``_csp_tk`` entries the code reads
    (the engine maintains only those). ``all_valid`` is :data:`ALL_VALID` if
    the generator settles (switches to unpacking ``_csp_v`` once the value of
    every single input and alarm has been loaded), else None.
    """

    signature: Signature
    impl: Callable[..., Any]
    func: Callable[..., Any]
    tree: ast.Module
    ticked_slots: FrozenSet[int] = frozenset()
    all_valid: Optional[object] = None

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
        names.update(_names_bound_by(node))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            pending.extend(node.decorator_list)  # evaluated in this scope; the body is not
        elif not isinstance(node, ast.Lambda):
            pending.extend(ast.iter_child_nodes(node))
    return names


def _closure_cells(func: Callable[..., Any]) -> Dict[str, types.CellType]:
    return dict(zip(func.__code__.co_freevars, func.__closure__ or ()))




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
        rewriter.yield_returns = not has_guarded_return(blocks.body)
        settles = rewriter.yield_returns and _can_settle(signature, blocks)
        settled_source = copy.deepcopy(blocks.body) if settles else None
        body = rewriter.rewrite_block(blocks.body, "body")
        settled = rewriter.rewrite_block(settled_source, "body", all_valid=True) if settles else None
        stop = rewriter.rewrite_block(blocks.stop, "stop") if blocks.stop is not None else None
        self.check_outputs(signature, rewriter.emitted)
        tree = self.generate(signature, state, start, body, settled, stop, rewriter.yield_returns)
        return CompiledNode(signature, self.make_function(tree), self.func, tree, frozenset(rewriter.ticked_slots),
                            ALL_VALID if settles else None)

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
            declaration = self.alarm_declaration(stmt)
            if declaration is None:
                raise self.error(stmt, "alarms must be declared as 'name = csp.alarm(type)' in the 'with csp.alarms()' block")
            name, typ_expr = declaration
            try:
                typ = self.namespace.evaluate(typ_expr, self.filename)
            except Exception as err:
                raise self.error(stmt, f"invalid alarm type '{ast.unparse(typ_expr)}': {err}") from None
            alarms.append(AlarmDef(name, typ.typ if isinstance(typ, TsType) else typ))
        return tuple(alarms)

    def alarm_declaration(self, stmt: ast.stmt) -> Optional[Tuple[str, ast.expr]]:
        """The name and type expression of ``name = csp.alarm(type)`` (or the annotated
        ``name: ts[type] = csp.alarm(type)``), or ``None`` if ``stmt`` is not one."""
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            name, call = stmt.targets[0].id, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            name, call = stmt.target.id, stmt.value
        else:
            return None
        if not (isinstance(call, ast.Call) and self.namespace.marker(call.func) == "alarm"):
            return None
        if len(call.args) == 1 and not call.keywords:
            return name, call.args[0]
        if not call.args and len(call.keywords) == 1 and call.keywords[0].arg == "typ":
            return name, call.keywords[0].value
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
        settled: Optional[List[ast.stmt]],
        stop: Optional[List[ast.stmt]],
        yield_returns: bool,
    ) -> ast.Module:
        """The module ``def _csp_factory(_csp_UNSET, _csp_ALL_VALID, <free vars>): def _csp_impl(...): ...``.

        ``settled`` is the body rewritten for executions once every single
        input's and alarm's value has been loaded (None: the node does not switch).
        """
        at = self.fdef
        prologue = [
            _stmt(at, f"{inp.name} = _csp_ctx.basket({slot})")
            for slot, inp in enumerate(signature.inputs)
            if inp.is_basket
        ]
        value_slots = _value_slots(signature)
        if settled is not None:
            main = _settling_loops(at, value_slots, body, settled)
        elif yield_returns and len(value_slots) == 1 and not prologue:
            main = _single_value_loop(at, value_slots[0][1], body)
        elif yield_returns:  # returns yield where they stand; the end of the body yields nothing
            loop = _stmt(at, "while True:\n    pass")
            loop.body = _input_loads(at, value_slots, bool(prologue)) + body + [_stmt(at, "_csp_in = yield _csp_UNSET")]
            main = [_stmt(at, "_csp_in = yield _csp_UNSET"), loop]
        else:
            loads = _input_loads(at, value_slots, bool(prologue))
            loop = _stmt(at, "while True:\n    _csp_in = yield _csp_o\n    _csp_o = _csp_UNSET")
            loop.body.extend(loads + body)
            main = [_stmt(at, "_csp_o = _csp_UNSET"), loop]
        if stop is not None:
            main = [_located(ast.Try(body=main, handlers=[], orelse=[], finalbody=stop or [ast.Pass()]), at)]
        params = ", ".join(["_csp_v", "_csp_up", "_csp_tk", "_csp_ctx"] + [s.name for s in signature.scalars])
        impl = _stmt(at, f"def {_IMPL_NAME}({params}): pass")
        impl.body = prologue + state + start + main
        factory_params = ", ".join([_UNSET_NAME, _ALL_VALID_NAME, *self.func.__code__.co_freevars])
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
        cells[_ALL_VALID_NAME] = types.CellType(ALL_VALID)
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


def _can_settle(signature: Signature, blocks: "_Blocks") -> bool:
    """Whether the node is generated to switch to its settled loop (see :func:`_settling_loops`).

    That needs two or more single inputs and alarms, no basket (``_csp_v``
    then holds exactly the inputs' and alarms' values), and none of their
    names rebound by the code: the settled loop reassigns every one of them
    from ``_csp_v`` on each execution, which only keeps what a rebinding left
    there if there is none.
    """
    names = {name for _, name in _value_slots(signature)}
    if len(names) < 2 or any(inp.is_basket for inp in signature.inputs):
        return False
    statements = blocks.state + blocks.start + blocks.body + (blocks.stop or [])
    return not (names & _bound_names(statements))


def _bound_names(statements: Sequence[ast.stmt]) -> Set[str]:
    """Every name the statements bind or unbind, in any scope (nested ones included),
    and every name declared ``global`` or ``nonlocal``."""
    names: Set[str] = set()
    for node in (child for stmt in statements for child in ast.walk(stmt)):
        names.update(_names_bound_by(node))
        if isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update(node.names)
    return names


def _names_bound_by(node: ast.AST) -> List[str]:
    """The names that ``node`` itself binds or unbinds in the scope it is in."""
    if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
        return [node.id]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [(a.asname or a.name).split(".")[0] for a in node.names]
    if isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
        return [node.name]
    if isinstance(node, ast.MatchMapping) and node.rest:
        return [node.rest]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    return []


def _settling_loops(
    at: ast.AST, value_slots: List[Tuple[int, str]], body: List[ast.stmt], settled: List[ast.stmt]
) -> List[ast.stmt]:
    """The two loops of a node that settles: until every single input and alarm
    has been handed to the generator, each execution loads the ones that
    changed, as a node that does not settle does; the engine then resumes it
    once with ``ALL_VALID``, and from that execution on it unpacks all of
    ``_csp_v`` (exactly the inputs and alarms, in slot order) and runs
    ``settled``, where ``csp.valid`` of those inputs is ``True`` (the engine
    resumes it with ``None``). Driven without ``ALL_VALID``, it runs its
    first loop only.
    """
    targets = ", ".join(name for _, name in value_slots)
    loading = _stmt(at, f"while _csp_in is not {_ALL_VALID_NAME}:\n    pass")
    loading.body = _input_loads(at, value_slots, False) + body + [_stmt(at, "_csp_in = yield _csp_UNSET")]
    unpacking = _stmt(at, f"while True:\n    {targets}, = _csp_v")
    unpacking.body.extend([_DropSentValues().visit(stmt) for stmt in settled] + [_stmt(at, "yield _csp_UNSET")])
    return [_stmt(at, "_csp_in = yield _csp_UNSET"), loading, unpacking]


def _single_value_loop(at: ast.AST, name: str, body: List[ast.stmt]) -> List[ast.stmt]:
    """The loop of a node with one single input or alarm and no basket: the
    engine resumes it with that value on every execution, which each
    ``yield`` assigns to the input's local directly."""
    loop = _stmt(at, "while True:\n    pass")
    loop.body = [_RetargetSentValues(name).visit(stmt) for stmt in body] + [_stmt(at, f"{name} = yield _csp_UNSET")]
    return [_stmt(at, f"{name} = yield _csp_UNSET"), loop]


class _SentValueRewriter(ast.NodeTransformer):
    """Rewrites the node's own ``_csp_in = yield v`` statements (not those of nested scopes)."""

    def visit_FunctionDef(self, node: ast.AST) -> ast.AST:
        return node

    visit_AsyncFunctionDef = visit_Lambda = visit_ClassDef = visit_FunctionDef

    @staticmethod
    def is_hand_over(node: ast.Assign) -> bool:
        target = node.targets[0]
        return len(node.targets) == 1 and isinstance(target, ast.Name) and target.id == "_csp_in" and isinstance(node.value, ast.Yield)


class _DropSentValues(_SentValueRewriter):
    """``_csp_in = yield v`` becomes ``yield v``: the settled loop ignores what the engine sends."""

    def visit_Assign(self, node: ast.Assign) -> ast.AST:
        return ast.copy_location(ast.Expr(node.value), node) if self.is_hand_over(node) else node


class _RetargetSentValues(_SentValueRewriter):
    """``_csp_in = yield v`` becomes ``<input> = yield v``."""

    def __init__(self, name: str):
        self.name = name

    def visit_Assign(self, node: ast.Assign) -> ast.AST:
        if self.is_hand_over(node):
            node.targets = [ast.copy_location(ast.Name(self.name, ast.Store()), node.targets[0])]
        return node


def _input_loads(at: ast.AST, slots: List[Tuple[int, str]], has_baskets: bool) -> List[ast.stmt]:
    """The statements that assign the inputs and alarms that changed to their locals.

    When all of them changed, the engine resumes the generator with their
    values: the value itself if there is one, else a tuple (one unpack).
    Otherwise it resumes it with ``UNSET`` and flags the changed ones in
    ``_csp_up``: each is loaded by itself, and the others keep their locals
    (unbound until the first tick). A node with one input or alarm is resumed
    with ``UNSET`` only when a basket alone ticked: without baskets, its value
    is assigned unconditionally.
    """
    if not slots:
        return []
    if len(slots) == 1:
        name = slots[0][1]
        return [_stmt(at, f"if _csp_in is not {_UNSET_NAME}: {name} = _csp_in" if has_baskets else f"{name} = _csp_in")]
    loads = "\n".join(f"    if _csp_up[{slot}]: {name} = _csp_v[{slot}]" for slot, name in slots)
    names = "".join(f"{name}, " for _, name in slots)
    return [_stmt(at, f"if _csp_in is {_UNSET_NAME}:\n{loads}\nelse:\n    {names}= _csp_in")]


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
