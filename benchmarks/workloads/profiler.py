"""Workload — profiling: the node chain (N C++ built-ins, M ticks) run under csp.profiler.Profiler.

``profiled_chain``: ``seconds`` is the profiled run; extras give ns per node
execution profiled and not (the same graph in the same process) and their
difference, the profiler's cost per node execution. ``profiled_chain_live``:
the same with the live page served (``http_port=0``) and nobody looking.
"""

from datetime import timedelta

import csp
from _common import main, run, summary, timed, values_of
from csp import profiler

N = 200


def chain(n: int):
    x = csp.count(csp.timer(timedelta(seconds=1)))
    for _ in range(n):
        x = x + 1
    csp.add_graph_output("out", x)


def _profiled(m: int, **profiler_args):
    with profiler.Profiler(**profiler_args) as p:
        seconds, result = timed(run, chain, m, n=N)
    assert p.results().node_stats["_binary_op"]["executions"] == N * (m + 1)  # and once for the constant at the start
    return seconds, result


def _case(quick: bool, **profiler_args) -> dict:
    m = 2_000 if quick else 20_000
    run(chain, 10, n=N)  # warm-up
    plain_seconds, _ = timed(run, chain, m, n=N)
    seconds, result = _profiled(m, **profiler_args)
    plain_ns, profiled_ns = plain_seconds / (N * m) * 1e9, seconds / (N * m) * 1e9
    return {"seconds": seconds, "checksum": summary(values_of(result, "out")), "n": N * m,
            "ns_per_node_tick": profiled_ns, "unprofiled_ns_per_node_tick": plain_ns,
            "profiling_ns_per_node_tick": profiled_ns - plain_ns}


def profiled_chain(quick: bool) -> dict:
    return _case(quick)


def profiled_chain_live(quick: bool) -> dict:
    return _case(quick, http_port=0)


if __name__ == "__main__":
    main({"profiled_chain": profiled_chain, "profiled_chain_live": profiled_chain_live})
