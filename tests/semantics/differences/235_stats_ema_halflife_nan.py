# csp.stats.ema with a halflife and a NaN sample: the reference's float series stays NaN from the first NaN
# on (whatever ignore_na), and its array series ignore ignore_na; ours follow pandas' ewm(halflife, times).
from datetime import datetime, timedelta

import numpy as np

import csp

nan = float("nan")


@csp.graph
def g():
    values = [1.0, nan, 3.0, 2.0]
    x = csp.curve(float, [(timedelta(seconds=i + 1), v) for i, v in enumerate(values)])
    xa = csp.curve(np.ndarray, [(timedelta(seconds=i + 1), np.array([v])) for i, v in enumerate(values)])
    for ignore_na in (False, True):
        csp.add_graph_output(f"float_{ignore_na}", csp.stats.ema(x, halflife=timedelta(seconds=2), ignore_na=ignore_na))
        csp.add_graph_output(f"array_{ignore_na}", csp.apply(
            csp.stats.ema(xa, halflife=timedelta(seconds=2), ignore_na=ignore_na), lambda a: float(a[0]), float))


results = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
for name, ticks in results.items():
    print(name, [(t.second, round(v, 6)) for t, v in ticks])
