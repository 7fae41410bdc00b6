# Storage order with inheritance and many fields: a base's fields come first (in their own order), then
# each subclass's; with more than 16 fields of a class the order of equal kinds is the reference's sort's.
from datetime import date

import csp


class Base(csp.Struct):
    b_flag: bool
    b_count: int
    b_name: str


class Middle(Base):
    m_day: date
    m_obj: object
    m_price: float


fields = {}
for i in range(9):
    fields[f"i{i}"] = int
    fields[f"s{i}"] = str if i % 3 == 0 else bool
Wide = type("Wide", (Middle,), {"__annotations__": fields})

print(list(Middle(b_flag=True, b_count=1, b_name="n", m_day=date(2022, 1, 1), m_obj=1, m_price=2.0).to_dict()))
values = {name: (1 if typ is int else "s" if typ is str else True) for name, typ in fields.items()}
print(list(Wide(b_flag=True, b_count=1, b_name="n", m_day=date(2022, 1, 1), m_obj=1, m_price=2.0, **values).to_dict()))
print(list(Wide(**values).to_dict()))
