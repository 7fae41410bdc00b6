# csp.DataFrame.to_pandas when every column ticks at the same times.
from datetime import timedelta

import csp
from inputs.pandas_inputs import ST, at


n = csp.count(csp.timer(timedelta(seconds=1)))
df = csp.DataFrame({"n": n, "half": n / 2, "odd": n % 2 == 1, "t": csp.times(n)})
frame = df.to_pandas(ST, at(4))
print(frame)
print(frame.dtypes)
print(frame.index)
