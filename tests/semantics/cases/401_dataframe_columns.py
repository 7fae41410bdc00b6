# csp.DataFrame columns: access, selection, assignment, repr and str.
import csp
from inputs.pandas_inputs import ST, at, edges


a, b = edges()
df = csp.DataFrame({"a": a, "b": b})
print(df.columns, repr(df))
print(df)
print(df["a"] is a, df.b is b, df[["b"]].columns)
df["c"] = a * 2
df[["d", "e"]] = [b, a]
print(df.columns)
try:
    df["zz"]
except KeyError as e:
    print("KeyError", e)
print(df.to_pandas(ST, at(5)))
