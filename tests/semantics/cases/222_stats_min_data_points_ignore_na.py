# csp.stats with ignore_na=False: a NaN sample in the window makes the statistic NaN; combined with
# min_data_points and min_window, before and after the window fills.
from datetime import datetime, timedelta

import csp

nan = float("nan")


@csp.graph
def g():
    x = csp.curve(float, [(timedelta(seconds=i + 1), v) for i, v in enumerate([1.0, nan, 3.0, 2.0, nan, 5.0, 4.0, 6.0])])
    for name in ("count", "mean", "var", "min", "first", "last", "gmean", "unique", "skew"):
        fn = getattr(csp.stats, name)
        kwargs = {} if name == "unique" else {"ignore_na": False}
        csp.add_graph_output(name, fn(x, interval=3, min_window=2, min_data_points=1, **kwargs))
    csp.add_graph_output("mean_expanding", csp.stats.mean(x, ignore_na=False, min_data_points=2))
    csp.add_graph_output("sum_time", csp.stats.sum(x, interval=timedelta(seconds=2), ignore_na=False))


results = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=9))
for name, ticks in results.items():
    print(name, [(t.second, round(v, 6) if isinstance(v, float) else v) for t, v in ticks])
