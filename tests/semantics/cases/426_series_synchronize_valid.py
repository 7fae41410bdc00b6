# series.csp.synchronize (ticks within a threshold output together) and series.csp.valid.
from datetime import timedelta

import pandas as pd

import csp
from inputs.pandas_inputs import ST, TsDtype, at


x = csp.curve(float, [(at(0), 1.0), (at(1), 2.0), (at(1.5), 2.5), (at(4), 4.0)])
y = csp.curve(float, [(at(0.5), 10.0), (at(3), 30.0), (at(4.2), 42.0)])
s = pd.Series([x, y], index=["x", "y"], dtype=TsDtype(float))
print(s.csp.synchronize(timedelta(seconds=1)).csp.run(ST, at(6)))
valid = s.csp.valid()
print(csp.run(lambda: valid, starttime=ST, endtime=at(6)))
