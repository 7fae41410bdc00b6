"""One Kafka benchmark run, on whichever csp this interpreter imports (ours or the reference).

    python kafka_workload.py consume BROKER TOPIC N   # N JSON messages already in TOPIC (key "k") into a graph
    python kafka_workload.py publish BROKER TOPIC N   # N structs out of a graph into TOPIC, all acknowledged

Prints one JSON line: {"seconds": wall time of csp.run, "count": messages seen, "checksum": sum of qty}.
"""

import json
import sys
import time
from datetime import datetime, timedelta

import csp
from csp import ts
from csp.adapters.kafka import KafkaAdapterManager, KafkaStartOffset
from csp.adapters.utils import JSONTextMessageMapper


class Tick(csp.Struct):
    qty: int
    price: float
    sym: str


@csp.node
def count_until(x: ts[Tick], n: int) -> ts[int]:
    with csp.state():
        s_count = 0
        s_sum = 0
    s_count += 1
    s_sum += x.qty
    if s_count >= n:
        csp.stop_engine()
        return s_sum


@csp.node
def stop_after(x: ts[Tick], n: int):
    with csp.state():
        s_count = 0
    s_count += 1
    if s_count >= n:
        csp.stop_engine()


def consume(broker, topic, n):
    @csp.graph
    def g():
        mgr = KafkaAdapterManager(broker, start_offset=KafkaStartOffset.EARLIEST)
        x = mgr.subscribe(Tick, JSONTextMessageMapper(), topic, key="k", push_mode=csp.PushMode.NON_COLLAPSING)
        csp.add_graph_output("sum", count_until(x, n))

    started = time.perf_counter()
    out = csp.run(g, starttime=datetime.utcnow(), endtime=timedelta(minutes=5), realtime=True)
    seconds = time.perf_counter() - started
    sums = out["sum"]
    return {"seconds": seconds, "count": n if sums else 0, "checksum": sums[-1][1] if sums else None}


def publish(broker, topic, n):
    ticks = [Tick(qty=i, price=i * 0.5, sym="S%d" % (i % 10)) for i in range(n)]

    @csp.graph
    def g():
        mgr = KafkaAdapterManager(broker)
        x = csp.curve(Tick, [(timedelta(microseconds=i), t) for i, t in enumerate(ticks)])
        mgr.publish(JSONTextMessageMapper(), topic, "k", x)
        stop_after(x, n)

    started = time.perf_counter()
    csp.run(g, starttime=datetime.utcnow(), endtime=timedelta(minutes=5), realtime=True)
    return {"seconds": time.perf_counter() - started, "count": n, "checksum": sum(range(n))}


if __name__ == "__main__":
    action, broker, topic, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    print(json.dumps({"consume": consume, "publish": publish}[action](broker, topic, n)))
