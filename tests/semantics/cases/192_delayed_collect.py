# csp.DelayedCollect: inputs added anywhere while the graph is built are collected into its output,
# which runs in the place of its first use.
from datetime import datetime, timedelta

import csp


def publish(collector, name, points):
    collector.add_input(csp.curve(str, [(timedelta(seconds=s), f"{name}{s}") for s in points]))


@csp.graph
def g():
    sink = csp.DelayedCollect(str)
    csp.print("sink", sink.output())
    csp.print("plain", csp.collect([csp.curve(str, [(timedelta(seconds=1), "p")])]))  # wired after: prints after
    publish(sink, "a", [1, 2, 4])
    publish(sink, "b", [1, 3])
    publish(sink, "c", [1, 4])
    quiet = csp.DelayedCollect(int, default_to_null=True)
    csp.print("quiet", quiet.output())


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
try:
    csp.run(lambda: csp.print("x", csp.DelayedCollect(int).output()), starttime=datetime(2022, 1, 1))
except RuntimeError as e:
    print("RuntimeError", e)
