"""Shards: one run of a graph each, over its own time range or with its own arguments."""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Dict, Hashable, List, Mapping, Optional, Tuple, Union

import numpy as np

from csp.impl.runtime import MAX_END_TIME, to_utc_naive

__all__ = ["Shard", "argument_shards", "time_shards"]


@dataclass(frozen=True)
class Shard:
    """One run of the graph: ``graph(*args, **kwargs)`` over ``[starttime, endtime]``.

    ``starttime`` / ``endtime`` left None take the ``starttime`` / ``endtime``
    given to ``run_many``. With a ``warmup``, the run starts that much
    earlier and the ticks of the warm-up are dropped, so that state built
    from at most ``warmup`` of history (rolling windows, EMAs with a horizon)
    is complete at ``starttime``. ``include_end=False`` drops the ticks at
    ``endtime`` itself (they belong to the next shard of a split run).
    """

    key: Hashable
    args: Tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    starttime: Optional[datetime] = None
    endtime: Optional[Union[datetime, timedelta]] = None
    warmup: timedelta = timedelta(0)
    include_end: bool = True

    def window(self, starttime=None, endtime=None) -> "Window":
        """The run's window, with ``run_many``'s ``starttime`` / ``endtime`` for those this shard leaves None."""
        start = self.starttime if self.starttime is not None else starttime
        if start is None:
            raise ValueError(f"shard {self.key!r}: no starttime (give it to the shard or to run_many)")
        start = to_utc_naive(start)
        end = self.endtime if self.endtime is not None else endtime
        end = MAX_END_TIME if end is None else (start + end if isinstance(end, timedelta) else to_utc_naive(end))
        if end < start:
            raise ValueError(f"shard {self.key!r}: endtime {end} is before starttime {start}")
        if self.warmup < timedelta(0):
            raise ValueError(f"shard {self.key!r}: warmup must not be negative, got {self.warmup}")
        return Window(start, end, self.warmup, self.include_end)


@dataclass(frozen=True)
class Window:
    """The time range a shard runs (``run_start`` to ``end``) and the part of it whose ticks it keeps."""

    start: datetime
    end: datetime
    warmup: timedelta
    include_end: bool

    @property
    def run_start(self) -> datetime:
        return self.start - self.warmup

    def trim(self, outputs: Dict[Any, Any]) -> Dict[Any, Any]:
        """``outputs`` of ``csp.run`` without the ticks of the warm-up (and at ``end`` unless included)."""
        if not self.warmup and self.include_end:
            return outputs
        return {name: self._trim(ticks) for name, ticks in outputs.items()}

    def _trim(self, ticks):
        if isinstance(ticks, tuple):  # output_numpy=True: (times, values)
            times = ticks[0]
            first = np.searchsorted(times, np.datetime64(self.start, "ns"), side="left")
            last = np.searchsorted(times, np.datetime64(self.end, "ns"), side="right" if self.include_end else "left")
            return tuple(array[first:last] for array in ticks)
        first = bisect_left(ticks, self.start, key=_time)
        last = (bisect_right if self.include_end else bisect_left)(ticks, self.end, key=_time)
        return ticks[first:last]


def _time(tick):
    return tick[0]


def time_shards(starttime: datetime, endtime: Union[datetime, timedelta], period: timedelta,
                warmup: timedelta = timedelta(0), args: Tuple[Any, ...] = (),
                kwargs: Optional[Mapping[str, Any]] = None) -> List[Shard]:
    """``[starttime, endtime]`` split into consecutive shards of ``period`` (the last one may be shorter).

    Each shard is keyed by its start time; every shard but the first starts
    ``warmup`` earlier (the first, like one long run, has no history before
    ``starttime``). A tick at a boundary belongs to the shard it starts, and
    the last shard keeps the ticks at ``endtime`` (as one ``csp.run`` to
    ``endtime`` does).
    """
    if period <= timedelta(0):
        raise ValueError(f"time_shards: period must be positive, got {period}")
    start = to_utc_naive(starttime)
    end = start + endtime if isinstance(endtime, timedelta) else to_utc_naive(endtime)
    if end < start:
        raise ValueError(f"time_shards: endtime {end} is before starttime {start}")
    shards, begin = [], start
    while True:
        stop = min(begin + period, end)
        last = stop >= end
        shards.append(Shard(begin, tuple(args), dict(kwargs or {}), begin, stop,
                            warmup if shards else timedelta(0), include_end=last))
        if last:
            return shards
        begin = stop


def argument_shards(arguments: Mapping[Hashable, Mapping[str, Any]], **common) -> List[Shard]:
    """One shard per entry of ``{key: {graph argument: value}}``, each also given the ``common`` arguments."""
    return [Shard(key, (), {**common, **dict(kwargs)}) for key, kwargs in arguments.items()]
