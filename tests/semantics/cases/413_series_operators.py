# Operators on a Series of edges give new edges, element by element.
import csp
from inputs.pandas_inputs import ST, at, ts_series


s = ts_series()
print((s + 1).csp.run(ST, at(5)))
print((s * s).csp.run(ST, at(5)))
print((2 - s).csp.run(ST, at(5)))
print((s / 4).csp.run(ST, at(5)))
