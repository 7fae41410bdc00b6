# csp.DataFrame comparisons give bool columns.
import csp
from inputs.pandas_inputs import ST, at, edges


df = csp.DataFrame(dict(zip("ab", edges())))
for name, f in [("lt", df < 2), ("le", df <= 2), ("gt", df > 2), ("ge", df >= 10), ("eq", df == 2), ("ne", df != 2)]:
    print(name)
    print(f.to_pandas(ST, at(5)))
