"""Test-side Kafka clients (the C++ clients of csp._kafka) and a bounded realtime run."""

import time
import uuid
from datetime import datetime, timedelta

import csp
from csp import _kafka, ts


def new_topic(prefix="t"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def produce(broker, topic, messages):
    """Sends (key, payload) pairs and waits until the broker acknowledged every one."""
    producer = _kafka.KafkaProducer(broker, {"log_level": "0"}, 10_000)
    for key, payload in messages:
        producer.produce(topic, key, payload)
    producer.flush(10_000)
    assert producer.take_errors() == []


def consume_all(broker, topic, expected, timeout=20.0):
    """Every message of `topic` from the beginning, as (key, payload) pairs, once `expected` have arrived."""
    consumer = _kafka.KafkaConsumer(broker, "", {"log_level": "0"}, 10_000)
    consumer.assign([topic], "EARLIEST", 0)
    got = []
    deadline = time.monotonic() + timeout
    while len(got) < expected and time.monotonic() < deadline:
        got += [(m[4], m[5]) for m in consumer.poll(10_000, 100) if m[6] is None]
    consumer.close()
    return got


@csp.node
def stop_after(x: ts[object], n: int):
    """Stops the run once `x` ticked n times."""
    with csp.state():
        s_count = 0
    if csp.ticked(x):
        s_count += 1
        if s_count >= n:
            csp.stop_engine()


@csp.node
def stop_after_both(x: ts[object], n: int, y: ts[object], m: int):
    """Stops the run once `x` ticked n times and `y` m times."""
    with csp.state():
        s_x = 0
        s_y = 0
    if csp.ticked(x):
        s_x += 1
    if csp.ticked(y):
        s_y += 1
    if s_x >= n and s_y >= m:
        csp.stop_engine()


def run_live(graph, seconds=20.0, **kwargs):
    """Runs `graph` in realtime for at most `seconds` (graphs stop themselves earlier with stop_after)."""
    return csp.run(graph, starttime=datetime.utcnow(), endtime=timedelta(seconds=seconds), realtime=True, **kwargs)
