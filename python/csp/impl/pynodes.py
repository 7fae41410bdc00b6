"""Small built-in nodes written directly as engine generators.

These follow the protocol of compiled nodes (docs/python_internals.md)
without going through the node compiler: ``impl(v, up, tk, ctx, *scalars)``
yields UNSET or the value to tick on output 0. They implement the parts of
the base library that call user Python (print, apply, ...) or are rarely hot.
"""

from __future__ import annotations

from datetime import timezone
from typing import Any, Sequence

from csp.impl.node_language import UNSET
from csp.impl.wiring.edge import Edge
from csp.impl.wiring.instances import PythonNodeInstance


def python_node(name: str, impl, inputs: Sequence[Any], output_types: Sequence[Any] = (), scalars: tuple = (),
                alarms: int = 0, output_names: Sequence[Any] = ()):
    """Wires a generator-implemented node; returns its output edge(s) (None without outputs).

    ``inputs`` items are edges, lists of edges (list baskets) or dicts of
    edges (dict baskets).
    """
    spec = []
    for item in inputs:
        if isinstance(item, Edge):
            spec.append(("ts", item))
        elif isinstance(item, dict):
            spec.append(("dict", dict(item)))
        else:
            spec.append(("list", list(item)))
    instance = PythonNodeInstance(name, impl, scalars, spec, output_types, alarms, output_names)
    edges = instance.edges()
    if not edges:
        return None
    return edges[0] if len(edges) == 1 else edges


def print_impl(v, up, tk, ctx, tag):
    out = UNSET
    while True:
        yield out
        print(f"{ctx.now()} {tag}:{v[0]}")


def list_basket_text(basket) -> str:
    """The ticked elements of a list basket as print shows them: ``[1,,3]``."""
    ticked = dict(basket.tickeditems())
    return "[" + ",".join(str(ticked[i]) if i in ticked else "" for i in range(len(basket))) + "]"


def dict_basket_text(basket) -> str:
    """The ticked elements of a dict basket as print shows them: ``{'a': 1}``."""
    return str(dict(basket.tickeditems()))


def print_list_basket_impl(v, up, tk, ctx, tag):
    basket = ctx.basket(0)
    while True:
        yield UNSET
        print(f"{ctx.now()} {tag}:{list_basket_text(basket)}")


def print_dict_basket_impl(v, up, tk, ctx, tag):
    basket = ctx.basket(0)
    while True:
        yield UNSET
        print(f"{ctx.now()} {tag}:{dict_basket_text(basket)}")


def _log_time(ctx, tz):
    now = ctx.now()
    return now if tz is None else now.replace(tzinfo=timezone.utc).astimezone(tz)


def log_impl(v, up, tk, ctx, logger, level, tag, tz):
    out = UNSET
    while True:
        yield out
        logger.log(level, "%s %s:%s", _log_time(ctx, tz), tag, v[0])


def log_basket_impl(v, up, tk, ctx, logger, level, tag, tz, text):
    basket = ctx.basket(0)
    out = UNSET
    while True:
        yield out
        logger.log(level, "%s %s:%s", _log_time(ctx, tz), tag, text(basket))


def apply_impl(v, up, tk, ctx, func):
    out = UNSET
    while True:
        yield out
        out = func(v[0])


def accum_impl(v, up, tk, ctx, total):
    out = UNSET
    while True:
        yield out
        total = total + v[0]
        out = total


def diff_ticks_impl(v, up, tk, ctx, lag):
    ctx.set_buffering_policy(0, lag + 1, None)
    out = UNSET
    while True:
        yield out
        out = v[0] - ctx.value_at(0, -lag, None) if ctx.num_ticks(0) > lag else UNSET


def diff_time_impl(v, up, tk, ctx, lag):
    ctx.set_buffering_policy(0, None, lag)
    out = UNSET
    while True:
        yield out
        previous = ctx.value_at(0, -lag, UNSET)
        out = v[0] - previous if previous is not UNSET else UNSET


def gate_impl(v, up, tk, ctx, release_on_tick):
    # slot 0: x, slot 1: release
    pending = []
    out = UNSET
    while True:
        yield out
        out = UNSET
        if tk[0]:
            pending.append(v[0])
        released = v[1] is not UNSET and v[1] and (tk[1] or not release_on_tick)
        if pending and released:
            out, pending = pending, []


def on_stop_impl(v, up, tk, ctx, callback):
    try:
        while True:
            yield UNSET
    finally:
        callback()


def dynamic_cast_impl(v, up, tk, ctx, typ):
    out = UNSET
    while True:
        yield out
        if not isinstance(v[0], typ):
            raise TypeError(f"dynamic_cast: expected {typ.__name__}, got {type(v[0]).__name__} ({v[0]!r})")
        out = v[0]


def demultiplex_impl(v, up, tk, ctx, keys, raise_on_bad_key):
    index_of = {key: i for i, key in enumerate(keys)}
    while True:
        yield UNSET
        if not tk[0] or v[1] is UNSET:  # route each tick of x by the current key
            continue
        index = index_of.get(v[1])
        if index is None:
            if raise_on_bad_key:
                raise ValueError(f"demultiplex: key {v[1]!r} is not one of {list(keys)!r}")
            continue
        ctx.output(index, v[0])


def multiplex_impl(v, up, tk, ctx, tick_on_index, raise_on_bad_key):
    # slot 0: dict basket x, slot 1: key
    basket = ctx.basket(0)
    out = UNSET
    while True:
        yield out
        out = UNSET
        if v[1] is UNSET:
            continue
        key = v[1]
        if key not in basket.keys():
            if raise_on_bad_key:
                raise ValueError(f"multiplex: key {key!r} is not in the basket")
            continue
        if ((tk[1] and tick_on_index) or key in basket.tickedkeys()) and key in basket.validkeys():
            out = basket[key]
