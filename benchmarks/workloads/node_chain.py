"""Workload 1 — node chain: a timer feeding a chain of N C++ built-in nodes.

csp.count(csp.timer(1s)) -> N x (x + 1) -> graph output, M ticks. ``x + 1`` on
an int edge is a C++ built-in in both engines (the reference's add_i). Every
node ticks once per timer tick, so the run does N*M node executions.

``seconds`` is the whole csp.run (wiring, build, start, M ticks, stop).
``build_seconds`` is the same graph run for zero ticks; ``ns_per_node_tick``
is (seconds - build_seconds) / (N*M).
"""

from datetime import timedelta

import csp
from _common import main, run, summary, timed, values_of

N = 1_000


def chain(n: int):
    x = csp.count(csp.timer(timedelta(seconds=1)))
    for _ in range(n):
        x = x + 1
    csp.add_graph_output("out", x)


def node_chain(quick: bool) -> dict:
    m = 5_000 if quick else 50_000
    run(chain, 10, n=N)  # warm-up
    build_seconds, _ = timed(run, chain, 0, n=N)
    seconds, result = timed(run, chain, m, n=N)
    values = values_of(result, "out")
    return {
        "seconds": seconds,
        "checksum": summary(values),
        "n": N * m,
        "build_seconds": build_seconds,
        "ns_per_node_tick": (seconds - build_seconds) / (N * m) * 1e9,
    }


if __name__ == "__main__":
    main({"node_chain": node_chain})
