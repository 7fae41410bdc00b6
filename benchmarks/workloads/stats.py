"""Workload 5 — rolling statistics (csp.stats), 10^6 ticks.

Source: sin(float(count(timer(1s)))) — C++ built-ins in both engines, values
in [-1, 1]. Each case applies one csp.stats function. Tick windows are 100
ticks, time windows 100 seconds (100 ticks).

The timed run records only the last value and the number of output ticks
(add_graph_output with tick_count=1, csp.count), so that recording 10^6 ticks
(workload 3) does not dominate; a second, untimed run of the same graph records
every output tick for the checksum. The checksum rounds (sum to 6 decimals,
last value to 9): two correct rolling-window algorithms may differ in the last
bits of a float.

An engine without csp.stats reports the cases as pending.
"""

from datetime import timedelta

import csp
from _common import main, run, timed, values_of

WINDOW = 100
TIME_WINDOW = timedelta(seconds=100)


def _stats():
    try:
        import csp.stats as stats
        return stats
    except ImportError:
        return None


def source():
    return csp.sin(csp.cast_int_to_float(csp.count(csp.timer(timedelta(seconds=1)))))


STATS = {
    "stats_mean_tick": lambda s, x: s.mean(x, interval=WINDOW),
    "stats_stddev_tick": lambda s, x: s.stddev(x, interval=WINDOW),
    "stats_quantile_tick": lambda s, x: s.quantile(x, interval=WINDOW, quant=0.9),
    "stats_rank_tick": lambda s, x: s.rank(x, interval=WINDOW),
    "stats_mean_time": lambda s, x: s.mean(x, interval=TIME_WINDOW),
    "stats_stddev_time": lambda s, x: s.stddev(x, interval=TIME_WINDOW),
    "stats_quantile_time": lambda s, x: s.quantile(x, interval=TIME_WINDOW, quant=0.9),
    "stats_rank_time": lambda s, x: s.rank(x, interval=TIME_WINDOW),
    "stats_ema": lambda s, x: s.ema(x, alpha=0.1),
}


def make_case(name):
    def case(quick: bool) -> dict:
        stats = _stats()
        if stats is None:
            return {"pending": "csp.stats is not available"}

        def timed_graph():
            out = STATS[name](stats, source())
            csp.add_graph_output("last", out, tick_count=1)
            csp.add_graph_output("count", csp.count(out), tick_count=1)

        def full_graph():
            csp.add_graph_output("out", STATS[name](stats, source()))

        m = 100_000 if quick else 1_000_000
        run(timed_graph, 1_000)  # warm-up
        seconds, result = timed(run, timed_graph, m)
        values = values_of(run(full_graph, m), "out")
        checksum = f"count={len(values)} sum={sum(values):.6f} last={values[-1]:.9f}"
        if values_of(result, "count") != [len(values)] or f"{values_of(result, 'last')[0]:.9f}" != f"{values[-1]:.9f}":
            return {"error": "the timed run and the recorded run disagree"}
        return {"seconds": seconds, "checksum": checksum, "n": m, "ns_per_tick": seconds / m * 1e9}
    return case


if __name__ == "__main__":
    main({name: make_case(name) for name in STATS})
