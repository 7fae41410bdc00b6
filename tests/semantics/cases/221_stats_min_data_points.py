# csp.stats min_data_points: before enough non-NaN samples are in the window the statistic ticks NaN
# (on data ticks, trigger ticks and sampler ticks alike), and again after a reset empties the window.
from datetime import datetime, timedelta

import csp

nan = float("nan")


@csp.graph
def g():
    x = csp.curve(float, [(timedelta(seconds=i + 1), v) for i, v in enumerate([1.0, nan, 3.0, 2.0, nan, 5.0, 4.0])])
    trig = csp.timer(timedelta(seconds=2), True)
    samp = csp.timer(timedelta(seconds=1), True)
    reset = csp.curve(bool, [(timedelta(seconds=4), True)])
    csp.add_graph_output("mean", csp.stats.mean(x, min_data_points=3))
    csp.add_graph_output("sum_trigger", csp.stats.sum(x, min_data_points=3, trigger=trig))
    csp.add_graph_output("max_sampler", csp.stats.max(x, interval=3, min_window=1, min_data_points=2, sampler=samp))
    csp.add_graph_output("count_reset", csp.stats.count(x, min_data_points=2, reset=reset))
    csp.add_graph_output("stddev_time", csp.stats.stddev(x, interval=timedelta(seconds=3), min_window=timedelta(0),
                                              min_data_points=2))
    csp.add_graph_output("quantile", csp.stats.quantile(x, quant=0.25, interval=4, min_window=1, min_data_points=2))
    csp.add_graph_output("rank", csp.stats.rank(x, interval=4, min_window=1, min_data_points=2))


results = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=9))
for name, ticks in results.items():
    print(name, [(t.second, round(v, 6) if isinstance(v, float) else v) for t, v in ticks])
