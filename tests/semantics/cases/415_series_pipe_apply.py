# series.csp.pipe and series.csp.apply map every edge.
from datetime import timedelta

import csp
from inputs.pandas_inputs import ST, at, ts_series


s = ts_series()
print(s.csp.pipe(csp.delay, timedelta(seconds=1)).csp.run(ST, at(6)))
print(s.csp.apply(lambda v: v * 10).csp.run(ST, at(5)))
print(s.csp.pipe(csp.firstN, 1).csp.run(ST, at(5)))
