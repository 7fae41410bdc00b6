# series.csp.run: ticks of a Series of edges, indexed by element and time.
import pandas as pd

import csp
from inputs.pandas_inputs import ST, TsDtype, at, ts_series


s = ts_series()
print(s.dtype, s.dtype.subtype)
print(s.csp.run(ST, at(5)))
print(s.csp.run(ST, at(5), tick_count=1))
named = pd.Series(list(s), index=pd.Index(["x", "y"], name="sym"), name="px", dtype=TsDtype(float))
print(named.csp.run(ST, at(5)))
