# csp.DataFrame filtered by a ts[bool]: every column ticks only while the flag is True.
import csp
from inputs.pandas_inputs import ST, at, edges


a, b = edges()
df = csp.DataFrame({"a": a, "b": b})
print(df[df["a"] > 1.5].to_pandas(ST, at(5)))
print(df[b > 15].to_pandas(ST, at(5)))
