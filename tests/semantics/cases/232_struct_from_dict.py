# Struct.from_dict: enum names or values, nested dicts and lists of dicts become structs, values are
# converted with the field type; unknown keys and enum names raise; round trip of to_dict.
from datetime import datetime, timedelta
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
    price: float
    when: datetime
    span: timedelta


print(Order.from_dict({"side": "SELL", "sides": ["BUY", 2], "leg": {"side": 1, "qty": "3"}, "legs": [{"qty": 4}, {}]}))
print(Order.from_dict({"price": "2.5", "span": 2, "when": datetime(2022, 1, 1)}))
o = Order(side=Side.BUY, sides=[Side.SELL], leg=Leg(side=Side.SELL, qty=1), legs=[Leg(qty=2)], price=1.0,
          when=datetime(2022, 1, 1), span=timedelta(seconds=3))
print(Order.from_dict(o.to_dict()) == o, Order.from_dict(o.to_dict(preserve_enums=True)) == o)
for bad in ({"zz": 1}, {"side": "HOLD"}, {"leg": Leg()}, {"price": "x"}):
    try:
        Order.from_dict(bad)
    except (KeyError, ValueError, TypeError) as e:
        print(type(e).__name__, str(e).split(":")[0][:60])
