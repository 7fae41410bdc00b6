"""Publishes structs and strings to Kafka topics: ``python publish_json.py BROKER TOPIC_PREFIX``.

Run by test_kafka_differential.py with our csp and with the reference csp, each
into its own topics; the test then compares the messages (keys and payload
bytes) the two wrote. Topics: PREFIX-plain (every field, static key),
PREFIX-mapped (a field map renaming and selecting fields), PREFIX-keyed (the
key read from a str field), PREFIX-nested (from a nested struct's field),
PREFIX-text (raw str).
"""

import sys
from datetime import datetime, timedelta

import csp
from csp import ts
from csp.adapters.kafka import KafkaAdapterManager
from csp.adapters.utils import JSONTextMessageMapper, RawTextMessageMapper

BROKER, PREFIX = sys.argv[1], sys.argv[2]

FLOATS = [0.0, -0.0, 0.5, -1.25, 100.0, 1e15, 1e16, 1.5e16, 123456789012345678901.0, 1e21, 1e22, 1e-5, 1e-6,
          1e-7, 0.0001234, 1.2345e-7, 123456789.123456789, 1 / 3, 2 / 3, 1e300, -1e-300, 5e-324,
          1.7976931348623157e308, 2.2250738585072014e-308, 9007199254740993.0, 0.1 + 0.2, 3.14159, 1e100, 4.35]
TEXTS = ["plain", "", "é", "日本語", "😀 emoji", 'quote " and \\ backslash', "tab\tnew\nline\rret", "\x01\x1f\x7f",
         "/slash", "\u2028\u2029", "mixed é 😀 \b\f"]
INTS = [0, 1, -1, 2**31, -(2**31) - 1, 2**53 + 1, 2**63 - 1, -(2**63)]


class Venue(csp.Struct):
    name: str
    lanes: int


class Quote(csp.Struct):
    sym: str
    qty: int
    price: float
    firm: bool


class Order(csp.Struct):
    qty: int
    venue: Venue


def quotes():
    n = max(len(FLOATS), len(TEXTS), len(INTS))
    out = []
    for i in range(n):
        q = Quote(sym=TEXTS[i % len(TEXTS)], qty=INTS[i % len(INTS)], price=FLOATS[i % len(FLOATS)], firm=i % 3 == 0)
        if i % 5 == 4:  # unset fields are left out
            delattr(q, "price" if i % 2 else "firm")
        out.append(q)
    return out


@csp.node
def stop_after(x: ts[Quote], n: int):
    with csp.state():
        s_count = 0
    s_count += 1
    if s_count >= n:
        csp.stop_engine()


@csp.graph
def g():
    mgr = KafkaAdapterManager(BROKER)
    json = JSONTextMessageMapper()
    values = quotes()
    x = csp.curve(Quote, [(timedelta(milliseconds=i), v) for i, v in enumerate(values)])
    mgr.publish(json, f"{PREFIX}-plain", "static", x)
    mgr.publish(json, f"{PREFIX}-mapped", "m", x, field_map={"price": "PX", "sym": "name"})
    mgr.publish(json, f"{PREFIX}-keyed", ["sym"], x)
    orders = csp.curve(Order, [(timedelta(milliseconds=i), Order(qty=i, venue=Venue(name=f"V{i % 3}", lanes=i)))
                               for i in range(5)])
    mgr.publish(json, f"{PREFIX}-nested", ["venue", "name"], orders, field_map={"qty": "qty"})
    texts = csp.curve(str, [(timedelta(milliseconds=i), t) for i, t in enumerate(TEXTS)])
    mgr.publish(RawTextMessageMapper(), f"{PREFIX}-text", "t", texts)
    csp.print("status", mgr.status())
    stop_after(x, len(values))


csp.run(g, starttime=datetime.utcnow(), endtime=timedelta(seconds=30), realtime=True)
print("published", len(quotes()))
