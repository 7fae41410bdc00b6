# Struct.to_dict(callback) / to_json(callback): the callback converts objects the serializer does not
# know; plain values, bytes in object fields and containers pass through; without a callback to_json raises.
from typing import List

import csp


class Opaque:
    def __repr__(self):
        return "Opaque()"


class Holder(csp.Struct):
    thing: object
    things: list
    raw: object
    names: List[str]


h = Holder(thing=Opaque(), things=[1, Opaque(), {"k": Opaque()}], raw=b"ab", names=["n"])
print(h.to_dict())
print(h.to_dict(callback=lambda v: f"<{type(v).__name__}>"))
print(h.to_json(lambda v: f"<{type(v).__name__}>"))
try:
    h.to_json()
except ValueError as e:
    print("ValueError", "Cannot serialize value of type" in str(e))
print(Holder(thing={1, 2}).to_dict(callback=lambda v: "cb"))
