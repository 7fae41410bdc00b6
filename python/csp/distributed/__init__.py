"""Parallel and distributed backtests on Dask: one graph over many shards, one ``csp.run`` per shard.

    import csp.distributed as cd

    days = cd.time_shards(datetime(2024, 1, 1), datetime(2024, 2, 1), timedelta(days=1),
                          warmup=timedelta(hours=1))
    results = cd.run_many(my_graph, days, client=client)        # {day: {output: ticks}}
    outputs = results.merge()                                   # as one csp.run over January

    sweep = cd.argument_shards({w: {"window": w} for w in (10, 20, 50)})
    results = cd.run_many(my_graph, sweep, starttime=..., endtime=...)

Each shard runs ``csp.run(graph, *shard.args, **shard.kwargs, **run_kwargs)``
as a Dask task, on a worker process of a ``distributed.Client``: a
``LocalCluster`` on one machine, or any scheduler (``Client("tcp://host:8786")``).
See docs/parallel.md.
"""

import contextlib
import inspect
import uuid
from typing import Any, Dict, Hashable, Iterable, List, Mapping, Optional, Union

import distributed

import csp
from csp.distributed._results import IncompleteResultsError, ShardError, ShardResults
from csp.distributed._serialize import dumps, loads
from csp.distributed._shards import Shard, argument_shards, time_shards

__all__ = ["IncompleteResultsError", "Shard", "ShardError", "ShardResults", "argument_shards", "dumps", "loads",
           "run_many", "run_shard", "time_shards"]

_NOT_RUN_KWARGS = ("realtime",)
_RUN_HAS_PROGRESS = "progress" in inspect.signature(csp.run).parameters  # csp.run's own progress bar


def run_many(graph, shards: Union[Iterable[Shard], Mapping[Hashable, Mapping[str, Any]]], *,
             client: Union[None, str, distributed.Client] = None, retries: int = 0, raise_errors: bool = True,
             progress: bool = False, timeout: Optional[float] = None, **run_kwargs) -> ShardResults:
    """Runs ``graph`` once per shard on Dask workers; returns the ``ShardResults`` (outputs by shard key).

    ``shards``: ``Shard`` objects (see ``time_shards`` / ``argument_shards``),
    or ``{key: {graph argument: value}}`` (one shard per entry).
    ``client``: a ``distributed.Client``, a scheduler address, or None for the
    current client (or, if there is none, a ``LocalCluster`` of worker
    processes for this call only). ``retries``: how many times Dask reruns a
    failed shard. With ``raise_errors`` (the default) a failed shard raises
    ``IncompleteResultsError`` (its ``results`` hold the rest); otherwise the
    results report it in ``failed``. ``progress`` shows Dask's progress bar
    while the shards run. ``timeout`` (seconds) bounds the wait: shards not
    done by then are cancelled and reported failed. ``run_kwargs`` go to each ``csp.run``
    (``starttime``, ``endtime``, ``output_numpy``, graph arguments shared by
    every shard); a shard's own times and arguments take precedence.
    """
    shards = argument_shards(shards) if isinstance(shards, Mapping) else list(shards)
    keys = [shard.key for shard in shards]
    if len(set(map(_hashable_key, keys))) != len(keys):
        raise ValueError("run_many: shard keys must be distinct")
    for name in _NOT_RUN_KWARGS:
        if run_kwargs.get(name):
            raise ValueError(f"run_many: {name}=True is not supported (shards are historical runs)")
    starttime, endtime = run_kwargs.pop("starttime", None), run_kwargs.pop("endtime", None)
    windows = [shard.window(starttime, endtime) for shard in shards]  # checks every shard before anything runs
    payloads = {shard.key: dumps((graph, shard, window, run_kwargs)) for shard, window in zip(shards, windows)}
    label = f"csp-{getattr(graph, '__name__', 'graph')}"

    def rerun(results: ShardResults, todo: List[Hashable], client, retries: int, progress: bool,
              timeout: Optional[float]) -> None:
        with _client_for(client) as dask:
            _submit_and_collect(dask, results, {key: payloads[key] for key in todo}, label, retries, progress,
                                timeout)

    results = ShardResults(keys, rerun)
    rerun(results, keys, client, retries, progress, timeout)
    if raise_errors and not results.complete:
        raise IncompleteResultsError(results)
    return results


def run_shard(payload: bytes) -> bytes:
    """Runs one shard on a worker: ``payload`` and the result are pickled by ``dumps``.

    A failure raises ``ShardError`` naming the shard and the node that raised.
    """
    graph, shard, window, run_kwargs = loads(payload)
    if _RUN_HAS_PROGRESS:
        run_kwargs = {"progress": False, **run_kwargs}  # no per-run bar on a worker's console
    try:
        outputs = csp.run(graph, *shard.args, starttime=window.run_start, endtime=window.end,
                          **{**run_kwargs, **shard.kwargs})
    except Exception as error:
        raise ShardError.from_exception(shard.key, error) from None
    return dumps(window.trim(outputs or {}))


def _submit_and_collect(client: distributed.Client, results: ShardResults, payloads: Dict[Hashable, bytes],
                        label: str, retries: int, progress: bool, timeout: Optional[float]) -> None:
    token = uuid.uuid4().hex
    futures = {key: client.submit(run_shard, payload, key=f"{label}-{index}-{token}", retries=retries, pure=False)
               for index, (key, payload) in enumerate(payloads.items())}
    with client.as_current():
        if progress:
            distributed.progress(list(futures.values()))  # a text bar in a terminal, a widget in a notebook
        try:
            distributed.wait(list(futures.values()), timeout=timeout)
        except distributed.TimeoutError:
            pass  # the shards still running are cancelled and reported failed
    for key, future in futures.items():
        if future.status == "finished":
            results._record(key, loads(future.result()), None)
        elif future.status == "error":
            results._record(key, None, _as_shard_error(key, future))
        else:
            future.cancel()
            results._record(key, None, ShardError(key, None, "TimeoutError",
                                                  f"not done within the timeout of {timeout} s"))


def _as_shard_error(key: Hashable, future) -> ShardError:
    error = future.exception()
    if isinstance(error, ShardError):
        return error
    return ShardError.from_exception(key, error)  # e.g. the worker died (KilledWorker) or a cancellation


@contextlib.contextmanager
def _client_for(client):
    """The Dask client to use: ``client``, one connected to that address, the current one, or a new LocalCluster."""
    if isinstance(client, distributed.Client):
        yield client
        return
    if client is None:
        current = _current_client()
        if current is not None:
            yield current
            return
        with distributed.LocalCluster(processes=True) as cluster, distributed.Client(cluster) as local:
            yield local
        return
    with distributed.Client(client) as remote:
        yield remote


def _current_client() -> Optional[distributed.Client]:
    try:
        return distributed.Client.current(allow_global=True)
    except ValueError:  # no client
        return None


def _hashable_key(key):
    try:
        hash(key)
    except TypeError:
        raise TypeError(f"run_many: shard key {key!r} is not hashable") from None
    return key
