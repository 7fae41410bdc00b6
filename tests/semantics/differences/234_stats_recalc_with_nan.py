# csp.stats recalc over a tick window holding NaN samples: after the recalc the reference's sums and means
# no longer match the window (it removes a sample that already left); ours stay the window's statistics.
from datetime import datetime, timedelta

import csp

nan = float("nan")


@csp.graph
def g():
    x = csp.curve(float, [(timedelta(seconds=i + 1), v) for i, v in enumerate([nan, 1.0, nan, 3.0, 2.0, nan, 5.0, 4.0])])
    recalc = csp.curve(bool, [(timedelta(seconds=6), True)])
    csp.add_graph_output("sum", csp.stats.sum(x, interval=4, min_window=2, recalc=recalc))
    csp.add_graph_output("mean", csp.stats.mean(x, interval=4, min_window=2, recalc=recalc))


results = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=9))
for name, ticks in results.items():
    print(name, [(t.second, round(v, 6)) for t, v in ticks])
