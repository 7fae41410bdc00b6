"""A fake engine for tests of csp.impl.node_parser: drives compiled node generators."""

from datetime import datetime

from csp.impl.basket_proxy import make_basket_proxy
from csp.impl.node_parser import UNSET, CompiledNode, _value_slots, compile_node

NOW = datetime(2020, 1, 1)


class FakeCtx:
    """The node context, recording every call in ``calls``.

    Baskets: ``baskets[slot] = (shape, values, ticked)`` where ``values`` is
    a list of element values (UNSET when never ticked) and ``ticked`` the
    element indices that ticked this cycle, in order.
    """

    def __init__(self):
        self.calls = []
        self.baskets = {}
        self.next_handle = 0

    def _record(self, *call):
        self.calls.append(call)

    def output(self, index, value):
        self._record("output", index, value)

    def schedule_alarm(self, slot, when, value):
        self.next_handle += 1
        self._record("schedule_alarm", slot, when, value)
        return self.next_handle

    def cancel_alarm(self, slot, handle):
        self._record("cancel_alarm", slot, handle)

    def reschedule_alarm(self, slot, handle, when):
        self._record("reschedule_alarm", slot, handle, when)
        return handle

    def make_passive(self, slot):
        self._record("make_passive", slot)

    def make_active(self, slot):
        self._record("make_active", slot)

    def now(self):
        return NOW

    def __getattr__(self, name):
        """History functions: record the call and return its arguments."""
        if name in ("num_ticks", "value_at", "time_at", "item_at", "values_at", "times_at", "items_at",
                    "set_buffering_policy"):
            def history(*args, **kwargs):
                self._record(name, args, kwargs)
                return (name, args, kwargs)

            return history
        raise AttributeError(name)

    # -- baskets -------------------------------------------------------------

    def basket(self, slot):
        return make_basket_proxy(self, slot, self.baskets[slot][0])

    def basket_ticked_elements(self, slot):
        return list(self.baskets[slot][2])

    def basket_element_valid(self, slot, index):
        return self.baskets[slot][1][index] is not UNSET

    def basket_element_value(self, slot, index):
        return self.baskets[slot][1][index]


class Driver:
    """Drives a compiled node like the engine does."""

    def __init__(self, node, *scalars, ctx=None, baskets=None):
        self.compiled = node if isinstance(node, CompiledNode) else compile_node(node)
        sig = self.compiled.signature
        self.n_slots = len(sig.inputs) + len(sig.alarms)
        self.v = [UNSET] * self.n_slots
        self.up = [False] * self.n_slots
        self.tk = [False] * self.n_slots
        self.ctx = ctx or FakeCtx()
        for name, shape in (baskets or {}).items():
            size = shape if isinstance(shape, int) else len(shape)
            self.ctx.baskets[sig.slot(name)] = (shape, [UNSET] * size, [])
        self.gen = self.compiled.impl(self.v, self.up, self.tk, self.ctx, *scalars)
        self.settled = False
        assert next(self.gen) is UNSET

    def tick_basket(self, name, index, value):
        slot = self.compiled.signature.slot(name)
        _, values, ticked = self.ctx.baskets[slot]
        values[index] = value
        ticked.append(index)
        self.up[slot] = self.tk[slot] = True

    def run(self, **values):
        """Tick the named inputs/alarms, execute once, return the yielded output.

        Like the engine, a generator that settles is resumed with ``ALL_VALID``
        once every single input and alarm is valid, then with None. Otherwise
        it is resumed with the values of every single input and alarm when all
        of them ticked (the value itself when there is one, else a tuple),
        else with ``UNSET`` (the changed ones flagged in ``up``).
        """
        for name, value in values.items():
            slot = self.compiled.signature.slot(name)
            self.v[slot] = value
            self.up[slot] = self.tk[slot] = True
        value_slots = [slot for slot, _ in _value_slots(self.compiled.signature)]
        sent = UNSET
        if self.settled:
            sent = None
        elif self.compiled.all_valid is not None and all(self.v[slot] is not UNSET for slot in value_slots):
            sent, self.settled = self.compiled.all_valid, True
        elif value_slots and all(self.up[slot] for slot in value_slots):
            sent = tuple(self.v[slot] for slot in value_slots)
            if len(sent) == 1:
                sent = sent[0]
            for slot in value_slots:
                self.up[slot] = False  # the engine flags them only when it sends UNSET
        try:
            return self.gen.send(sent)
        finally:
            for i in range(self.n_slots):
                self.up[i] = self.tk[i] = False
            for _, _, ticked in self.ctx.baskets.values():
                ticked.clear()

    def outputs(self):
        return [call[1:] for call in self.ctx.calls if call[0] == "output"]


def marker_line(path, marker):
    """Line number in file ``path`` of the line ending with the comment ``# marker``."""
    with open(path) as f:
        for number, line in enumerate(f, 1):
            if line.rstrip().endswith(f"# {marker}"):
                return number
    raise AssertionError(f"marker {marker!r} not found")
