# Exponential statistics before min_periods / min_data_points: NaN until reached, with trigger,
# sampler and reset, and with a finite horizon.
from datetime import datetime, timedelta

import csp

nan = float("nan")


@csp.graph
def g():
    x = csp.curve(float, [(timedelta(seconds=i + 1), v) for i, v in enumerate([1.0, nan, 3.0, 2.0, nan, 5.0])])
    y = x * 2.0
    trig = csp.timer(timedelta(seconds=2), True)
    samp = csp.timer(timedelta(seconds=1), True)
    reset = csp.curve(bool, [(timedelta(seconds=4), True)])
    csp.add_graph_output("ema_mp3", csp.stats.ema(x, alpha=0.5, min_periods=3))
    csp.add_graph_output("ema_mdp3", csp.stats.ema(x, alpha=0.5, min_data_points=3))
    csp.add_graph_output("ema_mdp2_ignore", csp.stats.ema(x, alpha=0.5, min_data_points=2, ignore_na=True, trigger=trig))
    csp.add_graph_output("ema_horizon", csp.stats.ema(x, alpha=0.5, horizon=3, min_data_points=2, sampler=samp))
    csp.add_graph_output("ema_var", csp.stats.ema_var(x, alpha=0.5, min_data_points=2, reset=reset))
    csp.add_graph_output("ema_std", csp.stats.ema_std(x, span=3, min_periods=2))
    csp.add_graph_output("ema_cov", csp.stats.ema_cov(x, y, alpha=0.5, min_data_points=3, trigger=trig))


results = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=8))
for name, ticks in results.items():
    print(name, [(t.second, round(v, 6) if isinstance(v, float) else v) for t, v in ticks])
