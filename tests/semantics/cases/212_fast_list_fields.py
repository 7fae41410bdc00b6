# FastList[T] struct fields: validated like List[T], list-like values that are not lists.
import copy
import pickle

import csp
from csp.impl.types.typing_utils import FastList


class Holder(csp.Struct):
    ints: FastList[int]
    floats: FastList[float]


print(Holder.metadata())
h = Holder(ints=[1, 2], floats=[1, 2.5])
print(h, isinstance(h.ints, list), h.ints == [1, 2], [1, 2] == h.ints, h.ints != [2, 1])
h.ints.append(3)
h.ints.extend([4, 5])
h.ints.insert(0, 0)
h.ints[1] = 9
h.floats.append(7)
print(h.ints, h.floats, len(h.ints), h.ints[-1], 9 in h.ints, h.ints.index(9), h.ints.count(2))
for attempt in (lambda: h.ints.append("x"), lambda: h.ints.__setitem__(0, 1.5), lambda: Holder(ints=["x"]),
                lambda: Holder(ints=3), lambda: hash(h.ints)):
    try:
        attempt()
        print("accepted")
    except TypeError:
        print("TypeError")
for produced in (h.ints[1:3], h.ints + [8], h.ints * 2, h.ints.copy(), copy.copy(h.ints), copy.deepcopy(h.ints),
                 pickle.loads(pickle.dumps(h.ints))):
    print(type(produced).__name__, produced)
h.ints += [6]
h.ints.sort(reverse=True)
print(h.ints, isinstance(h.ints, list))
print(h.ints.pop(), h.ints)
h.ints.remove(9)
h.ints.reverse()
print(h.ints)
for other in (h.copy(), h.deepcopy(), pickle.loads(pickle.dumps(h)), Holder.from_dict(h.to_dict())):
    print(other == h, isinstance(other.ints, list), other.ints)
print(h.to_dict(), h.to_json())
try:
    FastList()
except NotImplementedError:
    print("FastList() NotImplementedError")
