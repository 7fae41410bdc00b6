"""Progress of a run: a tqdm bar of engine time between the start and the end.

``csp.run(..., progress=True)`` shows it; ``progress=None`` (the default)
shows it for simulations when stderr is a terminal or the run is in a
notebook; ``False`` never. The engine calls back at most every
``REPORT_INTERVAL`` of wall-clock time (Engine.set_progress_reporter), so a
run without a bar pays nothing and one with a bar a clock read per cycle.

The bar counts engine seconds from the start time to the end time (when the
end is the default far-future end time, engine time and cycles only), and
shows cycles per second of wall-clock time; tqdm estimates what remains.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from typing import Optional

from csp import _native

REPORT_INTERVAL = timedelta(milliseconds=100)
# Runs ending later than this show engine time but no total (their end is "until the inputs run out").
OPEN_ENDED_AFTER = timedelta(days=365 * 100)


def in_notebook() -> bool:
    """True inside a Jupyter kernel (IPython's ZMQ shell)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    shell = ipython.get_ipython() if hasattr(ipython, "get_ipython") else None
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def wanted(progress: Optional[bool], realtime: bool) -> bool:
    if progress is not None:
        return bool(progress)
    if realtime:
        return False
    stderr = sys.stderr
    return in_notebook() or (stderr is not None and hasattr(stderr, "isatty") and stderr.isatty())


class ProgressBar:
    """A tqdm bar fed by the engine's progress reports."""

    def __init__(self, start: datetime, end: datetime, realtime: bool, tqdm_class=None) -> None:
        if tqdm_class is None:
            from tqdm.auto import tqdm as tqdm_class
        self._start = start
        self._open_ended = realtime or end - start > OPEN_ENDED_AFTER
        total = None if self._open_ended else max((end - start).total_seconds(), 0.0)
        self._bar = tqdm_class(total=total, unit="s", unit_scale=True, desc="csp", leave=True,
                               bar_format=None if total else "{desc}: {n:.0f} engine s [{elapsed}, {postfix}]",
                               dynamic_ncols=True)
        self._failed = False

    def report(self, now: datetime, cycles: int) -> None:
        """Called by the engine: a display that fails (its stream closed, say) stops, the run goes on."""
        if self._failed:
            return
        try:
            self._show(now, cycles)
        except Exception:
            self._failed = True

    def _show(self, now: datetime, cycles: int) -> None:
        elapsed = max((now - self._start).total_seconds(), 0.0)
        self._bar.n = elapsed if self._open_ended else min(elapsed, self._bar.total)
        rate = self._bar.format_dict.get("elapsed") or 0.0
        self._bar.set_postfix_str(f"{now:%Y-%m-%d %H:%M:%S}, {cycles:,} cycles"
                                  + (f", {cycles / rate:,.0f} cycles/s" if rate > 0 else ""), refresh=False)
        self._bar.refresh()

    def close(self, engine) -> None:
        """The run ended: the bar shows where it ended, then closes."""
        try:
            self.report(engine.now(), engine.cycle_count())
            self._bar.close()
        except Exception:  # the engine could not say (it failed to start), or the display is gone
            pass


def attach(engine, start: datetime, end: datetime, realtime: bool, tqdm_class=None) -> ProgressBar:
    bar = ProgressBar(start, end, realtime, tqdm_class)
    _native.set_progress_reporter(engine, bar.report, REPORT_INTERVAL)
    return bar
