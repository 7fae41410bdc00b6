"""Workload 4 — fan-out and fan-in, 1,000 wide.

fan_out: one timer feeding 1,000 consumers (x + i, i = 0..999: C++ int adds,
         distinct so that wiring memoization keeps them apart), gathered by
         one csp.collect list-basket node whose last list is the output
         (add_graph_output with tick_count=1). Per tick: 1,000 consumer
         executions plus one 1,000-wide basket node.
fan_in:  1,000 timers (values 0..999, all ticking every second) merged by
         csp.flatten (collect + unroll: every value re-ticked, one per
         engine cycle), counted by csp.count; the last count and the last
         flattened value are the outputs (tick_count=1).

``n`` is consumer executions (fan_out) or flattened ticks (fan_in).
``build_seconds`` is the same graph run for zero ticks (wiring and building
2,000 nodes is a visible part of the total); ``ns_per_tick`` is
(seconds - build_seconds) / n.
"""

from datetime import timedelta

import csp
from _common import main, run, summary, timed, values_of

WIDTH = 1_000


def fan_out_graph(width: int):
    x = csp.count(csp.timer(timedelta(seconds=1)))
    consumers = [x + i for i in range(width)]
    csp.add_graph_output("out", csp.collect(consumers), tick_count=1)


def fan_in_graph(width: int):
    sources = [csp.timer(timedelta(seconds=1), i) for i in range(width)]
    flat = csp.flatten(sources)
    csp.add_graph_output("count", csp.count(flat), tick_count=1)
    csp.add_graph_output("last", flat, tick_count=1)


def fan_out(quick: bool) -> dict:
    m = 5_000 if quick else 50_000
    run(fan_out_graph, 10, width=WIDTH)  # warm-up
    build_seconds, _ = timed(run, fan_out_graph, 0, width=WIDTH)
    seconds, result = timed(run, fan_out_graph, m, width=WIDTH)
    (last_time, last_list), = result["out"]
    checksum = f"{summary(last_list)} at={last_time.isoformat()}"
    return {"seconds": seconds, "checksum": checksum, "n": WIDTH * m,
            "build_seconds": build_seconds, "ns_per_tick": (seconds - build_seconds) / (WIDTH * m) * 1e9}


def fan_in(quick: bool) -> dict:
    m = 200 if quick else 2_000
    run(fan_in_graph, 10, width=WIDTH)  # warm-up
    build_seconds, _ = timed(run, fan_in_graph, 0, width=WIDTH)
    seconds, result = timed(run, fan_in_graph, m, width=WIDTH)
    checksum = f"count={values_of(result, 'count')} last={values_of(result, 'last')}"
    return {"seconds": seconds, "checksum": checksum, "n": WIDTH * m,
            "build_seconds": build_seconds, "ns_per_tick": (seconds - build_seconds) / (WIDTH * m) * 1e9}


if __name__ == "__main__":
    main({"fan_out": fan_out, "fan_in": fan_in})
