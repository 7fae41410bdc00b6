# frame.csp.collect: the edge columns of each row as one struct edge.
import pandas as pd

import csp
from inputs.pandas_inputs import ST, at, ts_series


frame = pd.DataFrame({"bid": ts_series(), "ask": ts_series() + 1, "k": [1, 2]})
collected = frame.csp.collect()
print(collected.dtype.subtype.metadata())
for label in collected.index:
    res = csp.run(lambda: collected[label], starttime=ST, endtime=at(5))[0]
    print(label, [(t, v.bid, v.ask) for t, v in res])
