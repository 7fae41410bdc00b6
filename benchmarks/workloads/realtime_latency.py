"""Workload 8 — realtime latency: push -> engine cycle, at 1k, 10k and 100k events/s.

A pusher thread stamps each event with time.time_ns() and pushes the stamp
through a csp.GenericPushAdapter(int) into a realtime csp.run. In the graph,
csp.times_ns(x) - x (C++ built-ins in both engines) is the latency from the
push to the engine cycle that processed the event (engine time of a realtime
cycle is the wall clock when the cycle began); it is recorded as a graph
output, so the engine thread needs no Python code per event.

The pusher paces itself with time.sleep (which releases the GIL; a
busy-waiting pusher would hold the GIL and measure the GIL hand-off, ~5 ms).
At 10k and 100k events/s the sleep granularity (~60 µs) makes it push small
bursts: each event is stamped when it is pushed, so queueing behind earlier
events of a burst counts.

``seconds`` is the p50 latency; p99 and p99.9 are extras. The checksum is the
number of events received (every pushed event must arrive).
"""

import threading
import time
from datetime import timedelta

import numpy as np

import csp
from _common import main


def _latencies(rate: int, duration: float):
    adapter = csp.GenericPushAdapter(int)
    n = int(rate * duration)
    pushed = []

    def pusher():
        adapter.wait_for_start()
        time.sleep(0.05)  # let the engine settle into its wait
        period = 1e9 / rate
        t0 = time.perf_counter_ns()
        count = 0
        for i in range(n):
            ahead = t0 + i * period - time.perf_counter_ns()
            if ahead > 0:
                time.sleep(ahead / 1e9)
            if adapter.push_tick(time.time_ns()):
                count += 1
        pushed.append(count)

    def graph():
        x = adapter.out()
        csp.add_graph_output("latency", csp.times_ns(x) - x)

    thread = threading.Thread(target=pusher, daemon=True)
    thread.start()
    result = csp.run(graph, realtime=True, endtime=timedelta(seconds=duration + 0.5))
    thread.join()
    latencies = np.array([v for _, v in result["latency"]], dtype=np.int64)
    return latencies, pushed[0] if pushed else 0, n


def make_case(rate: int):
    def case(quick: bool) -> dict:
        if not hasattr(csp, "GenericPushAdapter"):
            return {"pending": "csp.GenericPushAdapter is not available"}
        duration = 0.5 if quick else 2.0
        _latencies(rate, 0.2)  # warm-up
        latencies, pushed, n = _latencies(rate, duration)
        if len(latencies) == 0:
            return {"error": "no event arrived"}
        p50, p99, p999 = np.percentile(latencies, [50, 99, 99.9])
        return {"seconds": p50 / 1e9, "checksum": f"events={len(latencies)} of {n}", "n": len(latencies),
                "p50_us": p50 / 1e3, "p99_us": p99 / 1e3, "p999_us": p999 / 1e3,
                "max_us": latencies.max() / 1e3, "pushed": pushed}
    return case


if __name__ == "__main__":
    main({f"realtime_latency_{label}": make_case(rate) for label, rate in (("1k", 1_000), ("10k", 10_000),
                                                                          ("100k", 100_000))})
