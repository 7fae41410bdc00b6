"""What ``run_many`` returns: results by shard, the failures, and the merge into one run's outputs."""

import re
import traceback
from typing import Any, Callable, Dict, Hashable, Iterator, List, Mapping, Optional

import numpy as np

from csp.distributed._serialize import dumps, loads

__all__ = ["IncompleteResultsError", "ShardError", "ShardResults"]

_NODE_NOTE = re.compile(r"csp: raised in node '(.*)'")


class ShardError(Exception):
    """A shard's run failed on a worker: ``shard`` (its key), ``node`` (the node that raised, if known),
    ``error_type`` and ``remote_traceback`` (text), ``error`` (the exception itself, when it unpickles here)."""

    def __init__(self, shard: Hashable, node: Optional[str], error_type: str, message: str,
                 remote_traceback: str = "", error_bytes: Optional[bytes] = None) -> None:
        where = f" in node '{node}'" if node else ""
        super().__init__(f"shard {shard!r} failed{where}: {error_type}: {message}")
        self.shard, self.node, self.error_type, self.message = shard, node, error_type, message
        self.remote_traceback = remote_traceback
        self._error_bytes = error_bytes

    @classmethod
    def from_exception(cls, shard: Hashable, error: BaseException) -> "ShardError":
        node = None
        for note in getattr(error, "__notes__", ()):
            match = _NODE_NOTE.fullmatch(note)
            if match:
                node = match.group(1)
        try:
            error_bytes = dumps(error)
        except Exception:  # an exception that does not pickle still reports its type, message and traceback
            error_bytes = None
        text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        return cls(shard, node, type(error).__qualname__, str(error), text, error_bytes)

    @property
    def error(self) -> Optional[BaseException]:
        if self._error_bytes is None:
            return None
        try:
            return loads(self._error_bytes)
        except Exception:
            return None

    def __reduce__(self):
        return (ShardError, (self.shard, self.node, self.error_type, self.message, self.remote_traceback,
                             self._error_bytes))


class IncompleteResultsError(Exception):
    """Some shards failed: ``results`` holds the completed ones and ``results.failed`` the failures."""

    def __init__(self, results: "ShardResults") -> None:
        failed = results.failed
        lines = "\n".join(f"  {error}" for error in failed.values())
        super().__init__(f"{len(failed)} of {len(results)} shards failed:\n{lines}")
        self.results = results


class ShardResults(Mapping):
    """``{shard key: {output: ticks}}`` of a ``run_many``, in shard order.

    Reading a failed shard (also through ``values()`` / ``items()``) raises
    its ``ShardError``; ``completed`` has the shards that succeeded, ``failed`` maps the
    failed shards to their errors, ``complete`` says there are none,
    ``retry()`` runs the failed shards again and ``merge()`` gives the
    outputs of all shards as one ``csp.run`` returns them.
    """

    def __init__(self, keys: List[Hashable], rerun: Callable) -> None:
        self._keys = list(keys)
        self._results: Dict[Hashable, Dict[Any, Any]] = {}
        self._failed: Dict[Hashable, ShardError] = {}
        self._rerun = rerun

    def _record(self, key: Hashable, outputs: Optional[Dict[Any, Any]], error: Optional[ShardError]) -> None:
        if error is None:
            self._results[key] = outputs
            self._failed.pop(key, None)
        else:
            self._failed[key] = error
            self._results.pop(key, None)

    def __getitem__(self, key):
        if key in self._failed:
            raise self._failed[key]
        return self._results[key]

    def __contains__(self, key) -> bool:
        return key in self._results or key in self._failed

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return f"<ShardResults: {len(self._results)} of {len(self._keys)} shards done, {len(self._failed)} failed>"

    @property
    def failed(self) -> Dict[Hashable, ShardError]:
        return {key: self._failed[key] for key in self._keys if key in self._failed}

    @property
    def complete(self) -> bool:
        return not self._failed

    @property
    def completed(self) -> Dict[Hashable, Dict[Any, Any]]:
        """The outputs of the shards that succeeded (only those)."""
        return {key: self._results[key] for key in self._keys if key in self._results}

    def retry(self, client=None, retries: int = 0, progress: bool = False,
              timeout: Optional[float] = None) -> "ShardResults":
        """Runs the failed shards again (on ``client``, else as ``run_many`` chose); returns ``self``.

        Raises ``IncompleteResultsError`` if some still fail.
        """
        if self._failed:
            self._rerun(self, [key for key in self._keys if key in self._failed], client, retries, progress, timeout)
        if self._failed:
            raise IncompleteResultsError(self)
        return self

    def merge(self, key: Optional[Callable[[Hashable, Any], Any]] = None, allow_partial: bool = False):
        """The shards' outputs as one ``csp.run`` returns them: ``{output: [(time, value), ...]}``.

        An output's ticks from several shards are concatenated in shard order
        and then ordered by time (stably: shards of one run split in time
        follow each other; shards by argument interleave). ``key(shard_key,
        output)`` names the merged output instead (e.g. ``lambda s, o: (s, o)``
        keeps shards apart). Raises ``IncompleteResultsError`` if a shard failed,
        unless ``allow_partial``.
        """
        if self._failed and not allow_partial:
            raise IncompleteResultsError(self)
        parts: Dict[Any, list] = {}
        for shard_key, outputs in self.completed.items():
            for output, ticks in (outputs or {}).items():
                parts.setdefault(output if key is None else key(shard_key, output), []).append(ticks)
        return {name: _merge_ticks(pieces) for name, pieces in parts.items()}


def _merge_ticks(pieces: list):
    if len(pieces) == 1:
        return pieces[0]
    if isinstance(pieces[0], tuple):  # output_numpy=True: (times, values)
        times = np.concatenate([piece[0] for piece in pieces])
        order = np.argsort(times, kind="stable")
        return tuple(np.concatenate([piece[i] for piece in pieces])[order] for i in range(len(pieces[0])))
    merged = [tick for piece in pieces for tick in piece]
    merged.sort(key=lambda tick: tick[0])
    return merged
