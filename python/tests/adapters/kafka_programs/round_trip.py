"""A producing run then a consuming run against a Kafka broker; prints what the consumer saw.

Run by test_kafka_differential.py with our csp and with the reference csp:
``python round_trip.py BROKER TOPIC`` must print the same on both.
"""

import json
import sys
from datetime import datetime, timedelta
from typing import List

import csp
from csp import ts
from csp.adapters.kafka import KafkaAdapterManager, KafkaStartOffset
from csp.adapters.utils import DateTimeType, JSONTextMessageMapper, RawTextMessageMapper

BROKER, TOPIC = sys.argv[1], sys.argv[2]
JSON = JSONTextMessageMapper(datetime_type=DateTimeType.UINT64_MICROS)


class Venue(csp.Struct):
    name: str
    lanes: int


class Trade(csp.Struct):
    qty: int
    price: float
    sym: str
    firm: bool
    at: datetime
    sizes: List[int]
    venue: Venue


class Seen(csp.Struct):
    qty: int
    sym: str
    offset: int
    live: bool
    key: str


TRADES = [Trade(qty=1, price=1.5, sym="AAPL", firm=True, at=datetime(2020, 1, 2, 3, 4, 5, 6), sizes=[1, 2],
                venue=Venue(name="X", lanes=2)),
          Trade(qty=2, sym="IBM", firm=False),
          Trade(qty=3, price=-0.25, sizes=[], venue=Venue(name=""))]


@csp.node
def stop_after(x: ts[object], n: int):
    with csp.state():
        s_count = 0
    s_count += 1
    if s_count >= n:
        csp.stop_engine()


@csp.node
def stop_when_all(a: ts[object], n: int, b: ts[object], m: int, c: ts[object], k: int):
    with csp.state():
        s_counts = [0, 0, 0]
    for i, ticked in enumerate((csp.ticked(a), csp.ticked(b), csp.ticked(c))):
        s_counts[i] += int(ticked)
    if s_counts[0] >= n and s_counts[1] >= m and s_counts[2] >= k:
        csp.stop_engine()


@csp.graph
def produce():
    mgr = KafkaAdapterManager(BROKER)
    trades = csp.curve(Trade, [(timedelta(milliseconds=i), t) for i, t in enumerate(TRADES)])
    mgr.publish(JSON, TOPIC, "a", trades)
    mgr.publish(JSON, TOPIC, "b", csp.const(Trade(qty=10, sym="B")), field_map={"qty": "qty", "sym": "sym"})
    mgr.publish(RawTextMessageMapper(), TOPIC, "raw", csp.const("not json", delay=timedelta(milliseconds=5)))
    stop_after(csp.delay(trades, timedelta(milliseconds=20)), len(TRADES))


@csp.graph
def consume():
    mgr = KafkaAdapterManager(BROKER, start_offset=KafkaStartOffset.EARLIEST)
    keyed = mgr.subscribe(Trade, JSON, TOPIC, key="a", push_mode=csp.PushMode.NON_COLLAPSING)
    every = mgr.subscribe(Seen, JSON, TOPIC, meta_field_map={"offset": "offset", "live": "live", "key": "key"},
                          push_mode=csp.PushMode.NON_COLLAPSING)
    raw = mgr.subscribe(str, RawTextMessageMapper(), TOPIC, key="raw", push_mode=csp.PushMode.NON_COLLAPSING)
    status = mgr.status()
    csp.add_graph_output("keyed", keyed)
    csp.add_graph_output("every", every)
    csp.add_graph_output("raw", raw)
    csp.add_graph_output("status", status)
    stop_when_all(every, 4, raw, 1, status, 1)


csp.run(produce, starttime=datetime.utcnow(), endtime=timedelta(seconds=10), realtime=True)
out = csp.run(consume, starttime=datetime.utcnow(), endtime=timedelta(seconds=10), realtime=True)
for name in ("keyed", "every", "raw"):
    for _, value in out[name]:
        print(name, value)
for _, status in out["status"]:
    print("status", status.level, status.status_code)
