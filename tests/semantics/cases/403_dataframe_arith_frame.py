# csp.DataFrame arithmetic with another frame works column by column; missing columns are an error.
import csp
from inputs.pandas_inputs import ST, at, edges


a, b = edges()
df = csp.DataFrame({"a": a, "b": b})
print((df + df).to_pandas(ST, at(5)))
print((df * df - df).to_pandas(ST, at(5)))
try:
    df + csp.DataFrame({"a": a})
except ValueError as e:
    print("ValueError", e)
