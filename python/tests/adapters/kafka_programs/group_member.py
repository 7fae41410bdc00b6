"""A consumer-group member: ``python group_member.py BROKER TOPIC GROUP SECONDS``.

Runs a realtime graph for SECONDS subscribed (every key) to TOPIC in consumer
group GROUP: prints "started" once the graph runs (it has joined the group),
then one "partition offset qty" line per message it ticked.
"""

import sys
from datetime import datetime, timedelta

import csp
from csp.adapters.kafka import KafkaAdapterManager
from csp.adapters.utils import JSONTextMessageMapper


class Item(csp.Struct):
    qty: int
    partition: int
    offset: int


broker, topic, group, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])


@csp.graph
def member():
    mgr = KafkaAdapterManager(broker, group_id=group,
                              rd_kafka_consumer_conf_options={"auto.commit.interval.ms": "100",
                                                              "heartbeat.interval.ms": "250"})
    items = mgr.subscribe(Item, JSONTextMessageMapper(), topic, meta_field_map={"partition": "partition",
                                                                                "offset": "offset"},
                          push_mode=csp.PushMode.NON_COLLAPSING)
    csp.add_graph_output("items", items)
    announce_start()


@csp.node
def announce_start():
    with csp.alarms():
        a_start = csp.alarm(bool)
    with csp.start():
        csp.schedule_alarm(a_start, timedelta(), True)
    if csp.ticked(a_start):
        print("started", flush=True)


out = csp.run(member, starttime=datetime.utcnow(), endtime=timedelta(seconds=seconds), realtime=True)
for _, item in out["items"]:
    print(item.partition, item.offset, item.qty)
