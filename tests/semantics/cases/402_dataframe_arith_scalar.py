# csp.DataFrame arithmetic with a scalar applies to every column.
import csp
from inputs.pandas_inputs import ST, at, edges


df = csp.DataFrame(dict(zip("ab", edges())))
for name, f in [("add", df + 1), ("sub", df - 1), ("mul", df * 3), ("div", df / 2), ("pow", df ** 2), ("floordiv", df // 3)]:
    print(name)
    print(f.to_pandas(ST, at(5)))
