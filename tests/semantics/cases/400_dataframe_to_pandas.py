# csp.DataFrame.to_pandas: one row per tick time, NaN where a column did not tick.
import csp
from inputs.pandas_inputs import ST, at, edges


frame = csp.DataFrame(dict(zip("ab", edges()))).to_pandas(ST, at(5))
print(frame)
print(frame.dtypes)
print(frame.index)
