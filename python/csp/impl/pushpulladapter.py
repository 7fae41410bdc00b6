"""Push-pull input adapters written in Python: replay history, then go live.

Subclass ``PushPullInputAdapter``; start a thread in ``start()`` that pushes
the history with ``push_tick(False, time, value)``, calls
``flag_replay_complete()``, then pushes live data with
``push_tick(True, time, value)``; join it in ``stop()``. Declare it with
``csp.impl.wiring.py_pushpull_adapter_def``.

Replay ticks are delivered at their own times, in time order with every
other event, as a pull adapter's are (a tick timed before the start is
delivered at the start); the engine waits for the next replay tick before it
moves past it. Live ticks are delivered as a push adapter's (their time is
ignored; they are dropped in simulation runs). A live tick ends the replay
too; a replay tick pushed after that raises RuntimeError in the pushing
thread, and one timed before the previous replay tick fails the run.
"""

from datetime import datetime

from csp.impl.pushadapter import PushBatch, PushGroup, PushInputAdapter

__all__ = ["PushBatch", "PushGroup", "PushPullInputAdapter"]


class PushPullInputAdapter(PushInputAdapter):
    """Base class of push-pull adapters implemented in Python."""

    def push_tick(self, live: bool, time: datetime, value) -> bool:
        """Any thread: a replay tick at ``time`` (live False) or a live tick; False if not running."""
        target = self._target
        if target is None:
            return False
        if live:
            return target.push_tick(value)
        return target.push_replay(time, value)

    def flag_replay_complete(self) -> None:
        """Any thread: no replay ticks follow."""
        if self._target is not None:
            self._target.flag_replay_complete()
