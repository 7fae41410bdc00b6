# csp.stats on numpy arrays: a trigger or a sampler that ticks before the first array (its shape is
# not known yet) stops the run with a ValueError; one that ticks with or after it works.
from datetime import datetime, timedelta

import numpy as np

import csp


def run(label, **controls):
    def g():
        x = csp.curve(np.ndarray, [(timedelta(seconds=s), np.array([float(s), 1.0])) for s in (1, 2, 3)])
        ticks = {k: csp.curve(bool, [(timedelta(seconds=s), True) for s in v]) for k, v in controls.items()}
        csp.add_graph_output("mean", csp.stats.mean(x, interval=2, min_window=1, **ticks))

    try:
        out = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
        print(label, [(t.second, v.tolist()) for t, v in out["mean"]])
    except ValueError as e:
        print(label, "ValueError", "shape" in str(e).lower() and "unknown" in str(e))


run("trigger_early", trigger=[0, 2])
run("trigger_with_data", trigger=[1, 3, 4])
run("sampler_early", sampler=[0, 1])
run("sampler_with_data", sampler=[1, 2, 4])
