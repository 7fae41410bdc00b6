# csp.stats.argmin / argmax with ignore_na=False and a sampler: the reference skips some NaN samples (those
# of sampler ticks without data, and a data NaN once a later sample came) where min / max give NaN; ours
# give the epoch (undefined) whenever a NaN is in the window, like min / max.
from datetime import datetime, timedelta

import csp

nan = float("nan")


@csp.graph
def g():
    x = csp.curve(float, [(timedelta(seconds=s), v) for s, v in [(1, 3.0), (2, 2.0), (4, 5.0), (5, nan), (6, 1.0)]])
    samp = csp.timer(timedelta(seconds=1), True)
    for name in ("argmin", "argmax", "min"):
        csp.add_graph_output(name, getattr(csp.stats, name)(x, interval=3, min_window=1, ignore_na=False, sampler=samp))


results = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=8))
for name, ticks in results.items():
    print(name, [(t.second, v.strftime("%H:%M:%S") if isinstance(v, datetime) else v) for t, v in ticks])
