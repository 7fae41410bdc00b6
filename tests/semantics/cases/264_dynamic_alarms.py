# Alarms in a node of a dynamic sub-graph: one scheduled in start() with no delay fires in the creation
# cycle; later alarms fire at their times, relative to the instance's creation.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def pinger(key: str) -> ts[str]:
    with csp.alarms():
        ping = csp.alarm(int)
    with csp.start():
        csp.schedule_alarm(ping, timedelta(), 0)
        csp.schedule_alarm(ping, timedelta(seconds=1.5), 1)
    if csp.ticked(ping):
        if ping == 1:
            csp.schedule_alarm(ping, timedelta(seconds=1), 2)
        return f"{key} ping {ping}"


@csp.graph
def sub(key: str) -> ts[str]:
    return pinger(key)


@csp.graph
def g():
    keys = csp.curve(str, [(timedelta(seconds=1), "A"), (timedelta(seconds=2), "B")])
    pings = csp.dynamic(csp.dynamic_demultiplex(keys, keys), sub, csp.snapkey())
    csp.print("pings", csp.dynamic_collect(pings))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
