# Reductions of a Series of edges: one edge ticking once all are valid.
import pandas as pd

import csp
from inputs.pandas_inputs import ST, TsDtype, at, ts_series


s = ts_series()
for name in ("sum", "max", "min", "mean"):
    print(name)
    print(pd.Series([getattr(s, name)()], dtype=TsDtype(float)).csp.run(ST, at(5)))
