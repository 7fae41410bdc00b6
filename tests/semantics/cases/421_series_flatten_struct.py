# series.csp.flatten: struct edges to one column per field, nested fields too.
import pandas as pd

import csp
from inputs.pandas_inputs import ST, TsDtype, at


class Quote(csp.Struct):
    bid: float
    ask: float


class Book(csp.Struct):
    top: Quote
    n: int


book = csp.curve(Book, [(at(1), Book(top=Quote(bid=1.0, ask=2.0), n=3)), (at(2), Book(top=Quote(bid=1.5, ask=2.5), n=4))])
s = pd.Series([book], index=["b"], name="bk", dtype=TsDtype(Book))
flat = s.csp.flatten()
print(list(flat.columns), flat.dtypes.tolist())
print(flat.csp.run(ST, at(5)))
print(list(s.csp.flatten(prepend_name=False, recursive=False).columns))
