"""Workload 9 — graph build time and memory: 100,000 nodes.

A csp.const(0) feeding 100 chains of 1,000 C++ int adds (x + i, then
x + 1), whose ends are gathered by one csp.collect into a graph output: about
100,000 nodes. The run covers one engine cycle (endtime == starttime: the
const ticks once and the value flows through every node), so ``seconds`` is
wiring + build + start + one cycle + stop, i.e. graph construction.

``rss_bytes_per_node`` is the growth of the process's peak RSS
(resource.getrusage ru_maxrss) over the run, divided by the node count: it
includes the Python wiring objects and the engine's nodes. Coarse (peak, page
granularity), but the same measure for both engines.
"""

import resource

import csp
from _common import START, main, summary, timed

CHAINS = 100


def graph(chains: int, length: int):
    root = csp.const(0)
    ends = []
    for i in range(chains):
        x = root + i
        for _ in range(length - 1):
            x = x + 1
        ends.append(x)
    csp.add_graph_output("out", csp.collect(ends))


def max_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: kilobytes


def build_time(quick: bool) -> dict:
    length = 100 if quick else 1_000
    nodes = CHAINS * length
    csp.run(graph, CHAINS, 10, starttime=START, endtime=START)  # warm-up (small)
    rss0 = max_rss_bytes()
    seconds, result = timed(csp.run, graph, CHAINS, length, starttime=START, endtime=START)
    rss1 = max_rss_bytes()
    (_, values), = result["out"]
    return {"seconds": seconds, "checksum": summary(values), "n": nodes,
            "us_per_node": seconds / nodes * 1e6, "rss_bytes_per_node": (rss1 - rss0) / nodes}


if __name__ == "__main__":
    main({"build_time": build_time})
