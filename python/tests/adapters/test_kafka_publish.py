"""KafkaAdapterManager.publish in C++ (csp._native.add_kafka_sink) against a real broker: what it sends,
when it falls back to the mapper, and how it reports what it cannot send."""

import time
from datetime import timedelta
from typing import List

import pytest

import csp
from csp import _kafka
from csp.adapters import kafka
from csp.adapters.kafka import KafkaAdapterManager, KafkaStatusMessageType
from csp.adapters.utils import DateTimeType, JSONTextMessageMapper, RawBytesMessageMapper, RawTextMessageMapper

from kafka_helpers import consume_all, new_topic, run_live, stop_after_both

JSON = JSONTextMessageMapper(datetime_type=DateTimeType.UINT64_MICROS)


class Quote(csp.Struct):
    sym: str
    qty: int
    price: float


class ListedQuote(Quote):  # a derived type with a field C++ does not write
    sizes: List[int]


class Venue(csp.Struct):
    name: str


class Order(csp.Struct):
    qty: int
    venue: Venue


def _publish(broker, typ, values, key="k", mapper=JSON, field_map=None, producer_options=None, statuses=0):
    """Publishes `values` (one per millisecond); returns the topic and the first `statuses` status events."""
    topic = new_topic()

    @csp.graph
    def g():
        mgr = KafkaAdapterManager(broker, rd_kafka_producer_conf_options=producer_options)
        x = csp.curve(typ, [(timedelta(milliseconds=i), v) for i, v in enumerate(values)])
        mgr.publish(mapper, topic, key, x, field_map=field_map)
        status = mgr.status()
        csp.add_graph_output("status", status)
        stop_after_both(x, len(values), status, statuses)

    return topic, [s for _, s in run_live(g, seconds=30)["status"]]


def test_the_cpp_path_is_taken_for_flat_structs_and_raw_text_and_bytes():
    plan = kafka._native_plan
    assert plan(JSON, Quote, None) == (kafka._NATIVE_STRUCT_JSON, Quote, [("sym", "sym"), ("qty", "qty"),
                                                                          ("price", "price")])
    assert plan(JSON, Quote, {"qty": "Q"}) == (kafka._NATIVE_STRUCT_JSON, Quote, [("qty", "Q")])
    assert plan(RawTextMessageMapper(), str, None)[0] == kafka._NATIVE_STR
    assert plan(RawBytesMessageMapper(), bytes, None)[0] == kafka._NATIVE_BYTES
    # the mapper's: a list field, a nested field map, two fields under one name, a scalar, a raw mapper's struct
    assert plan(JSON, ListedQuote, None) is None
    assert plan(JSON, Order, {"venue": ("v", {"name": "n"})}) is None
    assert plan(JSON, Quote, {"qty": "x", "price": "x"}) is None
    assert plan(JSON, int, "x") is None
    assert plan(RawTextMessageMapper(), Quote, None) is None


def test_values_of_a_derived_type_are_encoded_by_the_mapper(kafka_broker):
    values = [Quote(sym="A", qty=1, price=0.5), ListedQuote(sym="B", qty=2, sizes=[1, 2]), Quote(qty=3)]
    topic, statuses = _publish(kafka_broker, Quote, values)
    assert statuses == []
    messages = consume_all(kafka_broker, topic, 3)
    assert [k for k, _ in messages] == [b"k"] * 3
    assert messages[0][1] == b'{"sym":"A","qty":1,"price":0.5}'  # C++
    assert messages[1][1].decode() == JSON.encode(values[1])     # the mapper
    assert messages[2][1] == b'{"qty":3}'


def test_keys_from_fields_and_an_unset_key_field_is_reported(kafka_broker):
    values = [Order(qty=1, venue=Venue(name="X")), Order(qty=2), Order(qty=3, venue=Venue(name="Y")),
              Order(qty=4, venue=Venue())]
    topic, statuses = _publish(kafka_broker, Order, values, key=["venue", "name"], field_map={"qty": "qty"},
                                statuses=2)
    messages = consume_all(kafka_broker, topic, 2)
    assert messages == [(b"X", b'{"qty":1}'), (b"Y", b'{"qty":3}')]
    assert [s.status_code for s in statuses] == [KafkaStatusMessageType.MSG_SEND_ERROR] * 2
    assert all("venue.name is unset" in s.msg and topic in s.msg for s in statuses)


def test_a_message_librdkafka_refuses_is_reported_and_the_others_are_sent(kafka_broker):
    values = [b"small", b"x" * 50_000, b"last"]
    topic, statuses = _publish(kafka_broker, bytes, values, mapper=RawBytesMessageMapper(),
                               producer_options={"message.max.bytes": "10000"}, statuses=1)
    assert [p for _, p in consume_all(kafka_broker, topic, 2)] == [b"small", b"last"]
    assert [s.status_code for s in statuses] == [KafkaStatusMessageType.MSG_SEND_ERROR]
    assert topic in statuses[0].msg and "too large" in statuses[0].msg


def test_str_through_the_bytes_mapper_and_text_as_utf8(kafka_broker):
    topic, _ = _publish(kafka_broker, str, ["héllo", "😀"], mapper=RawBytesMessageMapper())
    assert [p for _, p in consume_all(kafka_broker, topic, 2)] == ["héllo".encode(), "😀".encode()]
    topic, statuses = _publish(kafka_broker, str, ["ok", "lone \ud800 surrogate"], mapper=RawTextMessageMapper(),
                                statuses=1)
    assert [p for _, p in consume_all(kafka_broker, topic, 1)] == [b"ok"]
    assert [s.status_code for s in statuses] == [KafkaStatusMessageType.MSG_SEND_ERROR]


def test_key_argument_errors():
    mgr = KafkaAdapterManager("h:1")

    @csp.graph
    def wire(key, typ=Order, value=Order(qty=1)):
        mgr.publish(JSON, "t", key, csp.const(value))

    for key, match in ((["missing"], "no key field 'missing'"), (["qty"], "must be a str field"),
                       (["venue"], "must be a str field"), (["venue", "name", "more"], "not a struct"),
                       ([], "non-empty list"), (7, "non-empty list")):
        with pytest.raises(TypeError, match=match):
            csp.build_graph(wire, key)
    csp.build_graph(wire, ["venue", "name"])  # a str field of a nested struct


@pytest.mark.parametrize("typ, value, mapper", [(Quote, Quote(qty=1), JSON),                   # C++
                                                (ListedQuote, ListedQuote(qty=1), JSON)])      # the mapper
def test_a_publisher_to_an_unreachable_broker_fails_at_start_within_the_timeout(monkeypatch, typ, value, mapper):
    monkeypatch.setattr(kafka, "CONNECT_TIMEOUT", timedelta(seconds=1.5))

    @csp.graph
    def g():
        KafkaAdapterManager("127.0.0.1:1").publish(mapper, "nowhere", "k", csp.const(value))

    started = time.monotonic()
    with pytest.raises(_kafka.KafkaError, match="127.0.0.1:1 within 1500 ms"):
        run_live(g, seconds=30)
    assert time.monotonic() - started < 10
