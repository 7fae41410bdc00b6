# csp.random.poisson_timer: seed-independent properties - value and type of the ticks, nothing before the
# rate ticks or while it is zero, same seed same times, event count of the order of rate * time.
from datetime import datetime, timedelta

import csp
import csp.random as cr

s = timedelta(seconds=1)
start = datetime(2022, 1, 1)


@csp.graph
def g():
    rate = csp.curve(float, [(5 * s, 50.0), (25 * s, 0.0), (40 * s, 20.0)])
    csp.add_graph_output("default", cr.poisson_timer(rate, seed=5))
    csp.add_graph_output("same_seed", cr.poisson_timer(rate, seed=5, value="tick"))
    csp.add_graph_output("zero", cr.poisson_timer(csp.const(0.0), seed=5))


result = csp.run(g, starttime=start, endtime=timedelta(seconds=60))
times = [(t - start).total_seconds() for t, _ in result["default"]]
print("values:", sorted({repr(v) for _, v in result["default"]}), sorted({v for _, v in result["same_seed"]}))
print("types:", sorted({type(v).__name__ for _, v in result["default"]}))
print("same times for same seed:", times == [(t - start).total_seconds() for t, _ in result["same_seed"]])
print("first tick after 5s:", min(times) > 5)
print("none in [25, 40):", not [t for t in times if 25 <= t < 40])
print("count in (5, 25) near 1000:", 800 < len([t for t in times if t < 25]) < 1200)
print("count in [40, 60] near 400:", 300 < len([t for t in times if t >= 40]) < 500)
print("zero rate ticks:", len(result["zero"]))
