# csp.DataFrame.to_pandas with str, bool, int and datetime columns.
from datetime import datetime

import csp
from inputs.pandas_inputs import ST, at, edges


a, b = edges()
s = csp.curve(str, [(at(1), "x"), (at(2), "y")])
t = csp.curve(datetime, [(at(2), at(9))])
frame = csp.DataFrame({"s": s, "flag": a > 1.5, "b": b, "t": t}).to_pandas(ST, at(5))
print(frame)
print(frame.dtypes)
only = csp.DataFrame({"b": b, "flag": b > 15}).to_pandas(ST, at(5))
print(only)
print(only.dtypes)
