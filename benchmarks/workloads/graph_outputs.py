"""Workload 3 — graph outputs: recording ticks to a graph output.

csp.count(csp.timer(1s)) -> csp.add_graph_output, 3*10^6 ticks, returned by
csp.run as a list of (datetime, value) tuples (graph_outputs_list) or as
numpy arrays with output_numpy=True (graph_outputs_numpy). ``seconds`` is
the whole csp.run, including the conversion of the recorded ticks.
"""

from datetime import timedelta

import numpy as np

import csp
from _common import main, run, summary, timed, times_summary


def graph():
    csp.add_graph_output("out", csp.count(csp.timer(timedelta(seconds=1))))


def graph_outputs_list(quick: bool) -> dict:
    m = 300_000 if quick else 3_000_000
    run(graph, 1_000)  # warm-up
    seconds, result = timed(run, graph, m)
    ticks = result["out"]
    checksum = summary(v for _, v in ticks) + " " + times_summary(t for t, _ in ticks)
    return {"seconds": seconds, "checksum": checksum, "n": m, "ns_per_tick": seconds / m * 1e9}


def graph_outputs_numpy(quick: bool) -> dict:
    m = 300_000 if quick else 3_000_000
    run(graph, 1_000, output_numpy=True)  # warm-up
    seconds, result = timed(run, graph, m, output_numpy=True)
    times, values = result["out"]
    assert isinstance(times, np.ndarray) and isinstance(values, np.ndarray), "output_numpy returns arrays"
    ends = [t.astype("datetime64[us]").item() for t in (times[0], times[-1])]
    checksum = (f"{summary(int(v) for v in values)} times={len(times)} t0={ends[0].isoformat()} "
                f"t1={ends[1].isoformat()} dtypes={times.dtype}/{values.dtype}")
    return {"seconds": seconds, "checksum": checksum, "n": m, "ns_per_tick": seconds / m * 1e9}


if __name__ == "__main__":
    main({"graph_outputs_list": graph_outputs_list, "graph_outputs_numpy": graph_outputs_numpy})
