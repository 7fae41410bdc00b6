# csp.impl.struct.define_struct / define_nested_struct: Struct classes from {field: type} dicts.
from datetime import datetime, timedelta

import csp
from csp.impl.struct import define_nested_struct, define_struct

Point = define_struct("Point", {"x": int, "y": float}, {"y": 0.5})
print(Point.__name__, Point.metadata(), Point(x=1))
Point3 = define_struct("Point3", {"z": int}, base=Point)
print(Point3.metadata(), Point3(x=1, z=3), issubclass(Point3, Point))
Strict = define_struct("Strict", {"a": int}, strict=True)
try:
    Strict()
except ValueError as e:
    print("ValueError", str(e)[str(e).index("Struct "):])
Order = define_nested_struct("Order", {"id": int, "leg": {"px": float, "venue": {"name": str}}}, {"leg": {"px": 1.0}})
leg = Order.metadata()["leg"]
print(leg.__name__, leg.metadata()["venue"].__name__, Order(id=7))
try:
    define_struct("Bad", {"a": 1})
except TypeError as e:
    print("TypeError", e)


@csp.graph
def g():
    csp.print("point", csp.curve(Point, [(timedelta(seconds=1), Point(x=2)), (timedelta(seconds=2), Point(x=3, y=1.0))]))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
