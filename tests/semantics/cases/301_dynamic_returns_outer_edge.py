# A sub-graph returning an outer edge passes that edge through: its producer is not built again per instance.
import csp
from csp import ts
from datetime import datetime, timedelta
@csp.node
def trig(x: ts[int]) -> csp.DynamicBasket[int, int]:
    if csp.ticked(x) and x <= 2:
        return {x: x}
@csp.node
def counter(t: ts[bool]) -> ts[int]:
    with csp.state():
        s_n = 0
    with csp.start():
        print("counter start", csp.now())
    if csp.ticked(t):
        s_n += 1
        return s_n
@csp.graph
def sub_outer(k: int, o: ts[int]) -> ts[int]:
    return o
@csp.node
def show(b: {ts[int]: ts[int]}):
    if csp.ticked(b):
        print(csp.now(), dict(b.tickeditems()))
@csp.graph
def g():
    c = counter(csp.timer(timedelta(seconds=1)))
    show(csp.dynamic(trig(c), sub_outer, csp.snapkey(), c))
csp.run(g, starttime=datetime(2022,1,1), endtime=timedelta(seconds=3))
