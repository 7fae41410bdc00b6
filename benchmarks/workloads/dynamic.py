"""Workload 11 — dynamic graphs: 1,000 keys, a small sub-graph each.

One stream of ticks spread over 1,000 integer keys feeds
csp.dynamic_demultiplex; csp.dynamic builds, per key, a sub-graph of two C++
nodes (x * 2, then csp.count) when the key first appears, and the sub-graphs'
outputs are gathered by csp.dynamic_collect into a graph output.

dynamic_create: every key ticks once (1,000 ticks): the run is dominated by
                building and starting the 1,000 sub-graphs;
                ``us_per_subgraph`` is seconds per sub-graph created.
dynamic_events: every key ticks 100 times (10^5 ticks through the
                sub-graphs after their creation); ``ns_per_event`` is
                seconds per tick of the source.
"""

from datetime import timedelta

import csp
from csp import ts
from _common import START, main, summary, timed

KEYS = 1_000


@csp.graph
def per_key(x: ts[int]) -> ts[int]:
    return csp.count(x * 2)


def graph(ticks: int):
    data = [(timedelta(microseconds=i), i) for i in range(ticks)]
    x = csp.curve(int, data)
    keys = csp.curve(int, [(t, v % KEYS) for t, v in data])
    counts = csp.dynamic(csp.dynamic_demultiplex(x, keys), per_key, csp.attach())
    csp.add_graph_output("out", csp.dynamic_collect(counts))


def run_case(ticks: int) -> dict:
    csp.run(graph, 100, starttime=START, endtime=timedelta(seconds=1))  # warm-up
    seconds, result = timed(csp.run, graph, ticks, starttime=START, endtime=timedelta(seconds=1))
    totals = [sum(collected.values()) for _, collected in result["out"]]
    return {"seconds": seconds, "checksum": summary(totals), "n": ticks}


def dynamic_create(quick: bool) -> dict:
    result = run_case(KEYS)
    result["us_per_subgraph"] = result["seconds"] / KEYS * 1e6
    return result


def dynamic_events(quick: bool) -> dict:
    result = run_case(KEYS * (10 if quick else 100))
    result["ns_per_event"] = result["seconds"] / result["n"] * 1e9
    return result


if __name__ == "__main__":
    main({"dynamic_create": dynamic_create, "dynamic_events": dynamic_events})
