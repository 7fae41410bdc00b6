# series.csp.run with tick_count and tick_history: only each edge's last ticks.
from datetime import timedelta

import pandas as pd

import csp
from inputs.pandas_inputs import ST, at, ts_series


s = ts_series()
print(s.csp.run(ST, at(5), tick_count=2))
print(s.csp.run(ST, at(5), tick_history=timedelta(seconds=2)))
frame = pd.DataFrame({"ts": s, "k": [1, 2]})
print(frame.csp.run(ST, at(5), tick_count=1))
