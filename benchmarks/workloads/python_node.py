"""Workload 2 — Python nodes.

python_node:       csp.count(csp.timer(1s)) -> one pass-through @csp.node ->
                   graph output, 3*10^6 ticks. Compare with graph_outputs_list
                   (the same graph without the Python node) for the cost of
                   the node alone.
python_node_chain: the same source through a chain of 10 pass-through
                   @csp.node nodes, 10^6 ticks (10^7 Python node calls).

``ns_per_tick`` is seconds per Python node call (ticks x nodes).
"""

from datetime import timedelta

import csp
from csp import ts
from _common import main, run, summary, timed, values_of


@csp.node
def passthrough(x: ts[int]) -> ts[int]:
    return x


def single():
    csp.add_graph_output("out", passthrough(csp.count(csp.timer(timedelta(seconds=1)))))


def chain(n: int):
    x = csp.count(csp.timer(timedelta(seconds=1)))
    for _ in range(n):
        x = passthrough(x)
    csp.add_graph_output("out", x)


def python_node(quick: bool) -> dict:
    m = 300_000 if quick else 3_000_000
    run(single, 1_000)  # warm-up
    seconds, result = timed(run, single, m)
    return {"seconds": seconds, "checksum": summary(values_of(result, "out")), "n": m,
            "ns_per_tick": seconds / m * 1e9}


def python_node_chain(quick: bool) -> dict:
    n = 10
    m = 100_000 if quick else 1_000_000
    run(chain, 1_000, n=n)  # warm-up
    seconds, result = timed(run, chain, m, n=n)
    return {"seconds": seconds, "checksum": summary(values_of(result, "out")), "n": m * n,
            "ns_per_tick": seconds / (m * n) * 1e9}


if __name__ == "__main__":
    main({"python_node": python_node, "python_node_chain": python_node_chain})
