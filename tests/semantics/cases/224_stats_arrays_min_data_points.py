# csp.stats on numpy arrays: min_data_points and min_window per element; an element with too few
# non-NaN samples is NaN while the others have values.
from datetime import datetime, timedelta

import numpy as np

import csp

nan = float("nan")


def show(a):
    return [round(float(v), 6) for v in a]


@csp.graph
def g():
    rows = [[1.0, nan], [nan, 2.0], [3.0, 4.0], [2.0, nan], [nan, 1.0], [5.0, 3.0]]
    x = csp.curve(np.ndarray, [(timedelta(seconds=i + 1), np.array(r)) for i, r in enumerate(rows)])
    trig = csp.timer(timedelta(seconds=2), True)
    for name in ("count", "sum", "mean", "var", "max", "median", "last", "prod"):
        fn = getattr(csp.stats, name)
        csp.add_graph_output(name, csp.apply(fn(x, interval=3, min_window=1, min_data_points=2), show, list))
    csp.add_graph_output("mean_trigger", csp.apply(csp.stats.mean(x, min_data_points=2, trigger=trig), show, list))
    csp.add_graph_output("ema", csp.apply(csp.stats.ema(x, alpha=0.5, min_data_points=2), show, list))
    csp.add_graph_output("cov", csp.apply(csp.stats.cov(x, x * 2.0, interval=4, min_window=2), show, list))


results = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=8))
for name, ticks in results.items():
    print(name, [(t.second, round(v, 6) if isinstance(v, float) else v) for t, v in ticks])
