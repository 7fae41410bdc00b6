"""Shared helpers of the workload scripts.

A workload script is run by one engine's interpreter (ours: python3; the
reference: .venv-ref/bin/python). It uses only the public csp API both
engines share, times ``csp.run`` with time.perf_counter, and prints one JSON
line per case:

    {"name": ..., "seconds": ..., "checksum": ..., "n": ..., ...extras}

``checksum`` is a string computed from the graph's outputs; benchmarks/run
compares it between the engines before it reports a time. A case whose
feature is missing in this engine prints {"name": ..., "pending": reason}.

Command line: ``--list`` (case names), ``--case NAME`` (one case; default:
all), ``--quick`` (smaller sizes, for a smoke run).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime, timedelta

import csp

START = datetime(2020, 1, 1)


def timed(fn, *args, **kwargs):
    """(seconds, result) of one call."""
    t0 = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - t0, result


def run(graph, ticks: int, interval: timedelta = timedelta(seconds=1), **kwargs):
    """csp.run from START for ``ticks`` ticks of a timer of ``interval`` (endtime is inclusive)."""
    return csp.run(graph, starttime=START, endtime=START + interval * ticks, **kwargs)


def values_of(result, key):
    """The values recorded under ``key``, as a list (list-of-tuples output)."""
    return [v for _, v in result[key]]


def summary(values) -> str:
    """A checksum of a sequence of numbers: count, sum, first and last."""
    values = list(values)
    if not values:
        return "count=0"
    return f"count={len(values)} sum={sum(values)!r} first={values[0]!r} last={values[-1]!r}"


def times_summary(times) -> str:
    """A checksum of a sequence of datetimes: count, first and last."""
    times = list(times)
    if not times:
        return "times=0"
    return f"times={len(times)} t0={times[0].isoformat()} t1={times[-1].isoformat()}"


def main(cases: dict) -> None:
    """Runs the selected cases; each is fn(quick) -> dict with seconds, checksum, n."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--case", action="append")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.list:
        print(json.dumps(list(cases)))
        return
    for name in args.case or list(cases):
        if name not in cases:
            sys.exit(f"unknown case {name!r}; cases: {', '.join(cases)}")
        result = cases[name](args.quick)
        result = {"name": name, **result, "csp_version": getattr(csp, "__version__", "?")}
        print(json.dumps(result), flush=True)
