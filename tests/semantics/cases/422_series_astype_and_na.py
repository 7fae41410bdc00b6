# A Series of edges with missing elements, astype to another ts type.
import pandas as pd

import csp
from inputs.pandas_inputs import ST, TsDtype, at, edges


a, b = edges()
s = pd.Series([a, None, b * 1.0], index=["x", "m", "y"], dtype=TsDtype(float))
print(s.isna().tolist(), s.dtype, s.dtype.na_value)
print(s.csp.run(ST, at(5)))
cast = s.dropna().astype(TsDtype(int))
print(cast.dtype)
print(cast.csp.run(ST, at(5)))
print(pd.Series([a], dtype="ts[float]").dtype)
