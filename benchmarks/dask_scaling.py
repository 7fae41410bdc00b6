#!/usr/bin/env python3
"""Parallel backtests on Dask: 8 equal shards on 1 worker vs 2 workers, and vs one process.

    benchmarks/dask_scaling.py [--ticks 1000000] [--shards 8] [--repeat 3] [--quick]

Each shard is one csp.run of the same graph (a Python node pricing each tick
of a 1 ms timer, rolling mean / standard deviation and an EMA in C++, a
Python signal node) with its own seed: equal work per shard. For each
repetition (configurations interleaved) it times:

* serial: the shards one after the other with csp.run in one fresh process,
  ours and, if ``.venv-ref`` is there, the reference csp's (which has no
  distributed runs: one process is what it offers);
* dask N: ``csp.distributed.run_many`` on an already started LocalCluster of
  N worker processes (1 thread each), for each N of ``--workers``.

The checksum of every run's outputs is compared before a time is reported.
Prints medians, the speed-up of N workers over 1 worker and over serial.
Meaningful only on an otherwise idle machine with at least max(--workers) cores.
"""

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import csp
from csp import ts

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / ".venv-ref" / "bin" / "python"
START = datetime(2024, 1, 2)


@csp.node
def price(trigger: ts[bool], seed: int) -> ts[float]:
    with csp.state():
        s_state = seed * 2654435761 % 2**32 or 1
        s_price = 100.0
    s_state = s_state * 1103515245 + 12345 & 0x7FFFFFFF  # a linear congruential walk: deterministic per seed
    s_price += (s_state / 0x7FFFFFFF - 0.5) * 0.1
    return s_price


@csp.node
def zscore(x: ts[float], mean: ts[float], std: ts[float]) -> ts[float]:
    if csp.valid(mean, std) and std > 0:
        return (x - mean) / std


@csp.graph
def shard_graph(seed: int):
    p = price(csp.timer(timedelta(milliseconds=1)), seed)
    z = zscore(p, csp.stats.mean(p, interval=500), csp.stats.stddev(p, interval=500))
    csp.add_graph_output("z", csp.stats.ema(z, alpha=0.01), tick_count=1)
    csp.add_graph_output("price", p, tick_count=1)


def checksum(outputs_by_shard: list) -> str:
    return "%.9g" % sum(ticks[-1][1] for outputs in outputs_by_shard for ticks in outputs.values())


def run_serial(shards: int, ticks: int) -> dict:
    began = time.perf_counter()
    outputs = [csp.run(shard_graph, seed, starttime=START, endtime=timedelta(milliseconds=ticks))
               for seed in range(shards)]
    return {"seconds": time.perf_counter() - began, "checksum": checksum(outputs)}


def run_dask(client, shards: int, ticks: int) -> dict:
    import csp.distributed

    began = time.perf_counter()
    results = csp.distributed.run_many(shard_graph, {seed: {"seed": seed} for seed in range(shards)}, client=client,
                                       starttime=START, endtime=timedelta(milliseconds=ticks))
    seconds = time.perf_counter() - began
    return {"seconds": seconds, "checksum": checksum([results[seed] for seed in range(shards)])}


def run_serial_process(python: str, shards: int, ticks: int) -> dict:
    """``run_serial`` in a fresh process of ``python`` (ours or the reference's), away from the Dask clients."""
    proc = subprocess.run([python, __file__, "--serial-only", "--shards", str(shards), "--ticks", str(ticks)],
                          capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0:
        raise RuntimeError(f"{python} serial run failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ticks", type=int, default=1_000_000, help="ticks per shard (1 ms apart)")
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--workers", default="1,2", help="worker counts to compare, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="a smoke run: 200,000 ticks per shard, 1 repetition")
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument("--serial-only", action="store_true", help=argparse.SUPPRESS)  # the reference's run
    args = parser.parse_args()
    if args.quick:
        args.ticks, args.repeat = 200_000, 1
    if args.serial_only:
        print(json.dumps(run_serial(args.shards, args.ticks)))
        return

    import distributed

    logging.getLogger("distributed").setLevel(logging.WARNING)
    workers = [int(n) for n in args.workers.split(",")]
    clusters = {}
    try:
        for n in workers:
            cluster = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                                               dashboard_address="127.0.0.1:0")
            clusters[n] = (cluster, distributed.Client(cluster, set_as_default=False))
            run_dask(clusters[n][1], args.shards, 1000)  # workers import csp and the graph once, untimed
        configs = {"serial (ours)": lambda: run_serial_process(sys.executable, args.shards, args.ticks)}
        if REFERENCE.exists() and not args.no_reference:
            configs["serial (reference)"] = lambda: run_serial_process(str(REFERENCE), args.shards, args.ticks)
        for n in workers:
            configs[f"dask, {n} worker{'s' if n > 1 else ''}"] = lambda c=clusters[n][1]: run_dask(c, args.shards,
                                                                                                 args.ticks)
        times = {name: [] for name in configs}
        checksums = {}
        for rep in range(args.repeat):
            order = list(configs) if rep % 2 == 0 else list(reversed(configs))
            for name in order:
                result = configs[name]()
                times[name].append(result["seconds"])
                checksums.setdefault(result["checksum"], []).append(name)
        if len(checksums) != 1:
            raise RuntimeError(f"the runs disagree: {checksums}")
    finally:
        for cluster, client in clusters.values():
            client.close()
            cluster.close()
    report(args, times, workers)


def report(args, times: dict, workers: list) -> None:
    medians = {name: statistics.median(values) for name, values in times.items()}
    one = medians.get("dask, 1 worker")
    serial = medians["serial (ours)"]
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{args.shards} shards of {args.ticks:,} ticks, {args.repeat} repetitions, medians; "
          f"{os.cpu_count()} CPUs, load average {load} at the end")
    print("| configuration | time | speed-up vs 1 worker | speed-up vs serial (ours) |")
    print("| --- | --- | --- | --- |")
    for name, seconds in medians.items():
        vs_one = f"{one / seconds:.2f}x" if one and name.startswith("dask") else "—"
        print(f"| {name} | {seconds:.2f} s ({min(times[name]):.2f}–{max(times[name]):.2f}) | {vs_one} "
              f"| {serial / seconds:.2f}x |")


if __name__ == "__main__":
    main()
