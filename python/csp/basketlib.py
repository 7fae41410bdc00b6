"""csp.basketlib: synchronising and sampling list and dict baskets.

``sync`` / ``sync_list`` / ``sync_dict`` gather the ticks of a basket's
elements into one output once every element has ticked, or when a time
threshold runs out; ``sample_basket`` / ``sample_list`` / ``sample_dict``
sample every element of a basket on a common trigger.
"""

from datetime import timedelta
from typing import Dict, List, TypeVar

import csp
from csp import ts

__all__ = ["sample_basket", "sample_dict", "sample_list", "sync", "sync_dict", "sync_list"]

T = TypeVar("T")
K = TypeVar("K")
Y = TypeVar("Y")


def _check_not_empty(function: str, x) -> None:
    if len(x) == 0:
        raise TypeError(f"{function}: x is an empty basket, the type of its elements cannot be resolved")


@csp.node
def _sync_list(x: [ts["T"]], threshold: timedelta, output_incomplete: bool, trigger: ts["Y"],
               use_trigger: bool) -> csp.OutputBasket(List[ts["T"]], shape_of="x"):
    """One synchronisation interval at a time.

    An interval opens on the first tick of ``x`` (or, with ``use_trigger``, on a
    tick of ``trigger``) while none is open, and lasts ``threshold``. Ticks of
    ``x`` inside it are kept (the latest per element). It closes when every
    element has ticked (the kept values are emitted) or when the threshold
    runs out (emitted only with ``output_incomplete``); ticks outside an
    interval are dropped when ``use_trigger``. In the cycle where the threshold
    runs out, an element's tick counts if the element already ticked in the
    interval or if the interval's opener (``trigger``, or ``x`` itself) ticks.
    """
    with csp.alarms():
        a_expire = csp.alarm(bool)
    with csp.state():
        s_open = False
        s_handle = None
        s_values = {}
    opens = csp.ticked(trigger) if use_trigger else csp.ticked(x)
    if opens and not s_open:
        s_open = True
        s_handle = csp.schedule_alarm(a_expire, threshold, True)
    if s_open:
        # when the threshold runs out in a cycle where trigger does not tick, only the
        # elements already in the interval take this cycle's ticks
        takes_new_elements = opens or not csp.ticked(a_expire)
        for index, value in x.tickeditems():
            if takes_new_elements or index in s_values:
                s_values[index] = value
        complete = len(s_values) == len(x)
        if complete or csp.ticked(a_expire):
            if not csp.ticked(a_expire):
                csp.cancel_alarm(a_expire, s_handle)
            values = {index: s_values[index] for index in sorted(s_values)}
            s_open = False
            s_handle = None
            s_values = {}
            if complete or output_incomplete:
                return values


@csp.graph
def sync_list(x: List[ts["T"]], threshold: timedelta, output_incomplete: bool = True,
              trigger: ts["Y"] = None) -> csp.OutputBasket(List[ts["T"]], shape_of="x"):
    """Synchronise a list basket within ``threshold``.

    An interval opens when an element ticks while none is open (given
    ``trigger``: when ``trigger`` ticks, and ticks of ``x`` outside an
    interval are ignored). Once every element has ticked in it, or
    ``threshold`` has elapsed and ``output_incomplete`` is true, the latest
    value of each element that ticked in the interval is emitted together;
    then the next interval may open. Ticks at the closing time belong to the
    closing interval.
    """
    _check_not_empty("sync_list", x)
    use_trigger = trigger is not None
    return _sync_list(x, threshold, output_incomplete, trigger if use_trigger else csp.null_ts(bool), use_trigger)


@csp.graph
def sync_dict(x: Dict["K", ts["T"]], threshold: timedelta, output_incomplete: bool = True,
              trigger: ts["Y"] = None) -> csp.OutputBasket(Dict["K", ts["T"]], shape_of="x"):
    """``sync_list`` for a dict basket: the output has the keys of ``x``."""
    _check_not_empty("sync_dict", x)
    keys = list(x.keys())
    synced = sync_list([x[key] for key in keys], threshold, output_incomplete, trigger)
    return dict(zip(keys, synced))


def sync(x, threshold: timedelta, output_incomplete: bool = True, trigger: ts["Y"] = None):
    """``sync_list`` for a list basket, ``sync_dict`` for a dict basket."""
    if isinstance(x, list):
        return sync_list(x, threshold, output_incomplete, trigger)
    if isinstance(x, dict):
        return sync_dict(x, threshold, output_incomplete, trigger)
    raise ValueError(f"Input must be list or dict basket, got: {type(x)}")


@csp.node
def sample_list(trigger: ts["Y"], x: List[ts["T"]]) -> csp.OutputBasket(List[ts["T"]], shape_of="x"):
    """On each tick of ``trigger``, the current value of every valid element of ``x``
    (``x`` is passive: its ticks alone do not wake the node)."""
    with csp.start():
        csp.make_passive(x)
    if csp.ticked(trigger):
        return dict(x.validitems())


@csp.graph
def sample_dict(trigger: ts["Y"], x: Dict["K", ts["T"]]) -> csp.OutputBasket(Dict["K", ts["T"]], shape_of="x"):
    """``sample_list`` for a dict basket: the output has the keys of ``x``."""
    _check_not_empty("sample_dict", x)
    keys = list(x.keys())
    return dict(zip(keys, sample_list(trigger, [x[key] for key in keys])))


def sample_basket(trigger, x):
    """``sample_list`` for a list basket, ``sample_dict`` for a dict basket."""
    if isinstance(x, list):
        return sample_list(trigger, x)
    if isinstance(x, dict):
        return sample_dict(trigger, x)
    raise ValueError(f"Input must be a list or dict basket, got: {type(x)}")
