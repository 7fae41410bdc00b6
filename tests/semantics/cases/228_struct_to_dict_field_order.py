# Struct.to_dict / to_json write fields in storage order, not declaration order: strings and bytes, typed
# lists, other Python objects (structs, Optional, containers), native 8-byte values, dates, then bools.
from datetime import date, datetime, time, timedelta
from typing import Dict, List, Optional

import csp


class Color(csp.Enum):
    RED = 1


class Leaf(csp.Struct):
    n: int


class Record(csp.Struct):
    flag: bool
    day: date
    count: int
    name: str
    price: float
    tags: List[str]
    color: Color
    leaf: Leaf
    when: datetime
    maybe: Optional[int]
    span: timedelta
    raw: bytes
    clock: time
    meta: Dict[str, int]


r = Record(flag=True, day=date(2022, 1, 2), count=3, name="x", price=1.5, tags=["a"], color=Color.RED, leaf=Leaf(n=1),
           when=datetime(2022, 1, 1, 9), maybe=None, span=timedelta(seconds=2), raw=b"r", clock=time(1), meta={"k": 1})
print(list(r.to_dict()))
print(r.to_json())
print(list(Record(count=1, flag=False, name="y").to_dict()))
