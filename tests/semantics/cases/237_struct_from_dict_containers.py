# Struct.from_dict converts the keys and values of Dict[K, V] fields, the items of Set[T] and Tuple[T, ...]
# fields and nested typed lists; Optional[...] and plain dict values are kept as given.
from typing import Dict, List, Optional, Set, Tuple

import csp


class Side(csp.Enum):
    BUY = 1
    SELL = 2


class Leg(csp.Struct):
    side: Side
    qty: int


class Book(csp.Struct):
    by_name: Dict[str, Leg]
    by_side: Dict[Side, List[Leg]]
    ids: Set[int]
    pair: Tuple[int, ...]
    grid: List[List[Leg]]
    maybe: Optional[Leg]
    raw: dict


b = Book.from_dict({"by_name": {"a": {"side": "SELL", "qty": "2"}}, "by_side": {"BUY": [{"qty": 1}]}, "ids": [3, 1],
                    "pair": ["1", 2], "grid": [[{"side": 2}]], "maybe": {"qty": 5}, "raw": {"k": {"qty": 1}}})
for name in ("by_name", "by_side", "ids", "pair", "grid", "maybe", "raw"):
    print(name, repr(getattr(b, name)))
print(Book.from_dict(b.to_dict()).by_name == b.by_name)
