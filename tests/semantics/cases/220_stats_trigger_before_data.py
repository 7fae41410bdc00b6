# csp.stats with a trigger that ticks before any data: a tick window with min_window=1 (or 0), an expanding
# window and ema (min_periods=1) emit the statistic of an empty window; min_window=2 waits for two ticks.
from datetime import datetime, timedelta

import csp


@csp.graph
def g():
    x = csp.curve(float, [(timedelta(seconds=2), 3.0), (timedelta(seconds=3), 1.0), (timedelta(seconds=4), 2.0)])
    trig = csp.curve(bool, [(timedelta(seconds=s), True) for s in (0, 1, 2, 3, 5)])
    for name in ("count", "sum", "mean", "min", "first", "last", "prod", "median", "argmax"):
        fn = getattr(csp.stats, name)
        csp.add_graph_output(f"{name}_mw1", fn(x, interval=3, min_window=1, trigger=trig))
    csp.add_graph_output("count_mw0", csp.stats.count(x, interval=3, min_window=0, trigger=trig))
    csp.add_graph_output("count_mw2", csp.stats.count(x, interval=3, min_window=2, trigger=trig))
    csp.add_graph_output("mean_expanding", csp.stats.mean(x, trigger=trig))
    csp.add_graph_output("var_expanding", csp.stats.var(x, trigger=trig))
    csp.add_graph_output("ema", csp.stats.ema(x, alpha=0.5, trigger=trig))
    csp.add_graph_output("ema_min_periods2", csp.stats.ema(x, alpha=0.5, min_periods=2, trigger=trig))
    csp.add_graph_output("ema_var", csp.stats.ema_var(x, alpha=0.5, trigger=trig))
    csp.add_graph_output("cross_sectional", csp.stats.cross_sectional(x, interval=2, min_window=1, trigger=trig))


results = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=6))
for name, ticks in results.items():
    print(name, [(t.second, round(v, 6) if isinstance(v, float) else v) for t, v in ticks])
