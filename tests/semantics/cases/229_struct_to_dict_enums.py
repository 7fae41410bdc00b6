# Struct.to_dict: enum fields, lists of enums, enums in nested structs, lists of structs and object fields
# become member names; preserve_enums=True keeps the members; to_json writes the names; to_dict_depr keeps
# declaration order.
from typing import List

import csp


class Side(csp.Enum):
    BUY = 1
    SELL = 2


class Leg(csp.Struct):
    side: Side
    qty: int


class Order(csp.Struct):
    side: Side
    sides: List[Side]
    leg: Leg
    legs: List[Leg]
    extra: object


o = Order(side=Side.SELL, sides=[Side.BUY, Side.SELL], leg=Leg(side=Side.BUY), legs=[Leg(qty=2), Leg(side=Side.SELL)],
          extra={"s": Side.BUY, "l": [Side.SELL, Leg(side=Side.BUY)]})
print(o.to_dict())
print(o.to_dict(preserve_enums=True))
print(o.to_json())
print(o.to_dict_depr())
print(Order(sides=[]).to_dict(), Order(leg=Leg()).to_json())
