"""csp.adapters.kafka against a real Apache Kafka broker (KRaft on loopback, started by the kafka_broker fixture)."""

import json
import time
from datetime import datetime, timedelta
from typing import List

import pytest

import csp
from csp import _kafka, ts
from csp.adapters import kafka
from csp.adapters.kafka import KafkaAdapterManager, KafkaStartOffset, KafkaStatusMessageType
from csp.adapters.status import Level
from csp.adapters.utils import DateTimeType, JSONTextMessageMapper, RawBytesMessageMapper, RawTextMessageMapper

from kafka_helpers import consume_all, new_topic, produce, run_live, stop_after, stop_after_both

JSON = JSONTextMessageMapper(datetime_type=DateTimeType.UINT64_MICROS)


class Side(csp.Enum):
    BUY = 1
    SELL = 2


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
    side: Side


class Tagged(csp.Struct):
    qty: int
    part: int
    off: int
    live: bool
    stamp: datetime
    k: str


TRADES = [
    Trade(qty=1, price=1.5, sym="AAPL", firm=True, at=datetime(2020, 1, 2, 3, 4, 5, 6), sizes=[1, 2, 3],
          venue=Venue(name="X", lanes=2), side=Side.SELL),
    Trade(qty=2, sym="IBM"),
    Trade(qty=-3, price=-0.25, sizes=[], venue=Venue(name="")),
]


def _publish_run(broker, topic, key, values, mapper=JSON, field_map=None):
    """Publishes `values` (one per millisecond of engine time) in a realtime run; stops once they are sent."""
    typ = type(values[0])

    @csp.graph
    def g():
        mgr = KafkaAdapterManager(broker)
        x = csp.curve(typ, [(timedelta(milliseconds=i), v) for i, v in enumerate(values)])
        mgr.publish(mapper, topic, key, x, field_map=field_map)
        stop_after(x, len(values))

    run_live(g)


def _subscribe_run(broker, topic, typ, n, seconds=20.0, statuses=0, **subscribe_kwargs):
    """The first n ticks of a subscription from the earliest offset, with the first `statuses` status events."""
    mapper = subscribe_kwargs.pop("mapper", JSON)
    start_offset = subscribe_kwargs.pop("start_offset", KafkaStartOffset.EARLIEST)

    @csp.graph
    def g():
        mgr = KafkaAdapterManager(broker, start_offset=start_offset)
        x = mgr.subscribe(typ, mapper, topic, push_mode=csp.PushMode.NON_COLLAPSING, **subscribe_kwargs)
        status = mgr.status()
        csp.add_graph_output("x", x)
        csp.add_graph_output("status", status)
        stop_after_both(x, n, status, statuses)

    return run_live(g, seconds)


def test_struct_round_trip_of_every_field_type(kafka_broker):
    topic = new_topic()
    _publish_run(kafka_broker, topic, "k", TRADES)
    out = _subscribe_run(kafka_broker, topic, Trade, len(TRADES), key="k")
    assert [v for _, v in out["x"]] == TRADES
    assert out["status"] == []


def test_published_json_is_what_other_clients_read(kafka_broker):
    topic = new_topic()
    _publish_run(kafka_broker, topic, "k", TRADES[:2], field_map={"qty": "quantity", "sym": "symbol"})
    messages = consume_all(kafka_broker, topic, 2)
    assert [k for k, _ in messages] == [b"k", b"k"]
    first, second = (json.loads(p) for _, p in messages)
    assert first == {"quantity": 1, "symbol": "AAPL"}  # a field map publishes only the fields it names
    assert second == {"quantity": 2, "symbol": "IBM"}


def test_field_map_on_subscribe(kafka_broker):
    topic = new_topic()
    produce(kafka_broker, topic, [("k", json.dumps({"Q": 7, "S": "MSFT", "ignored": 1}))])
    out = _subscribe_run(kafka_broker, topic, Trade, 1, key="k", field_map={"Q": "qty", "S": "sym"})
    assert [v for _, v in out["x"]] == [Trade(qty=7, sym="MSFT")]


def test_raw_text_and_bytes(kafka_broker):
    topic = new_topic()
    _publish_run(kafka_broker, topic, "t", ["héllo", "wörld"], mapper=RawTextMessageMapper())
    produce(kafka_broker, topic, [("b", b"\x00\xffbin")])
    text = _subscribe_run(kafka_broker, topic, str, 2, key="t", mapper=RawTextMessageMapper())
    raw = _subscribe_run(kafka_broker, topic, bytes, 1, key="b", mapper=RawBytesMessageMapper())
    assert [v for _, v in text["x"]] == ["héllo", "wörld"]
    assert [v for _, v in raw["x"]] == [b"\x00\xffbin"]


def test_keys_wildcard_and_meta_fields(kafka_broker):
    topic = new_topic()
    produce(kafka_broker, topic, [(k, json.dumps({"qty": i})) for i, k in enumerate(["a", "b", "a", None])])
    meta = {"partition": "part", "offset": "off", "live": "live", "timestamp": "stamp", "key": "k"}
    keyed = _subscribe_run(kafka_broker, topic, Tagged, 2, key="a", meta_field_map=meta)
    every = _subscribe_run(kafka_broker, topic, Tagged, 4, meta_field_map=meta)
    assert [(v.qty, v.off, v.k, v.live) for _, v in keyed["x"]] == [(0, 0, "a", False), (2, 2, "a", False)]
    wildcard = [v for _, v in every["x"]]
    assert [v.qty for v in wildcard] == [0, 1, 2, 3]
    assert all(v.live for v in wildcard)  # wildcard subscriptions tick every message live
    assert [v.part for v in wildcard] == [0, 0, 0, 0]
    assert not hasattr(wildcard[3], "k")  # a message without a key leaves the field unset
    assert all(abs(v.stamp - datetime.utcnow()) < timedelta(minutes=1) for v in wildcard)


def test_latest_reads_only_messages_sent_during_the_run(kafka_broker):
    topic = new_topic()
    produce(kafka_broker, topic, [("k", json.dumps({"qty": 1}))])

    @csp.graph
    def g():
        mgr = KafkaAdapterManager(kafka_broker)  # default start offset: LATEST
        x = mgr.subscribe(Trade, JSON, topic, key="k", push_mode=csp.PushMode.NON_COLLAPSING)
        later = csp.const(Trade(qty=2), delay=timedelta(milliseconds=500))
        mgr.publish(JSON, topic, "k", later)
        csp.add_graph_output("x", x)
        stop_after(x, 1)

    out = run_live(g)
    assert [v.qty for _, v in out["x"]] == [2]


def test_start_offset_datetime_and_timedelta(kafka_broker):
    topic = new_topic()
    produce(kafka_broker, topic, [("k", json.dumps({"qty": 1}))])
    time.sleep(0.3)
    cut = datetime.utcnow()
    time.sleep(0.3)
    produce(kafka_broker, topic, [("k", json.dumps({"qty": 2})), ("k", json.dumps({"qty": 3}))])
    from_time = _subscribe_run(kafka_broker, topic, Trade, 2, key="k", start_offset=cut)
    assert [v.qty for _, v in from_time["x"]] == [2, 3]
    recent = _subscribe_run(kafka_broker, topic, Trade, 2, key="k",
                            start_offset=datetime.utcnow() - cut)  # a timedelta back from the start
    assert [v.qty for _, v in recent["x"]] == [2, 3]
    everything = _subscribe_run(kafka_broker, topic, Trade, 3, key="k")
    assert [v.qty for _, v in everything["x"]] == [1, 2, 3]


def test_start_time_in_the_future_replays_nothing(kafka_broker):
    topic = new_topic()
    produce(kafka_broker, topic, [("k", json.dumps({"qty": 1}))])

    @csp.graph
    def g():
        mgr = KafkaAdapterManager(kafka_broker, start_offset=KafkaStartOffset.START_TIME)
        x = mgr.subscribe(Trade, JSON, topic, key="k", push_mode=csp.PushMode.NON_COLLAPSING)
        mgr.publish(JSON, topic, "k", csp.const(Trade(qty=5), delay=timedelta(milliseconds=300)))
        csp.add_graph_output("x", x)
        stop_after(x, 1)

    out = run_live(g)
    assert [v.qty for _, v in out["x"]] == [5]


def test_replay_then_live_without_gap_or_duplicate(kafka_broker):
    topic = new_topic()
    produce(kafka_broker, topic, [("k", json.dumps({"qty": i})) for i in range(50)])
    meta = {"live": "live", "offset": "off"}

    @csp.graph
    def g():
        mgr = KafkaAdapterManager(kafka_broker, start_offset=KafkaStartOffset.EARLIEST)
        x = mgr.subscribe(Tagged, JSON, topic, key="k", meta_field_map=meta, push_mode=csp.PushMode.NON_COLLAPSING)
        live = csp.curve(Tagged, [(timedelta(milliseconds=200 + i), Tagged(qty=50 + i)) for i in range(20)])
        mgr.publish(JSON, topic, "k", live)
        csp.add_graph_output("x", x)
        stop_after(x, 70)

    out = run_live(g)
    values = [v for _, v in out["x"]]
    assert [v.qty for v in values] == list(range(70))
    assert [v.off for v in values] == list(range(70))
    assert [v.live for v in values] == [False] * 50 + [True] * 20
    times = [t for t, _ in out["x"]]
    assert times == sorted(times)


def test_replay_in_simulation_ticks_at_message_times(kafka_broker):
    topic = new_topic()
    before = datetime.utcnow()
    for i in range(3):
        produce(kafka_broker, topic, [("k", json.dumps({"qty": i}))])
        time.sleep(0.05)

    @csp.graph
    def g():
        mgr = KafkaAdapterManager(kafka_broker, start_offset=KafkaStartOffset.EARLIEST)
        x = mgr.subscribe(Tagged, JSON, topic, key="k", meta_field_map={"timestamp": "stamp"},
                          push_mode=csp.PushMode.NON_COLLAPSING)
        csp.add_graph_output("x", x)

    out = csp.run(g, starttime=before - timedelta(seconds=1), endtime=before + timedelta(seconds=30))
    assert [v.qty for _, v in out["x"]] == [0, 1, 2]
    assert [t for t, _ in out["x"]] == [v.stamp for _, v in out["x"]]  # at the Kafka timestamps
    assert out["x"][2][0] - out["x"][0][0] >= timedelta(milliseconds=90)


def _replay(broker, topic, start, **subscribe_kwargs):
    """(time, qty) of a simulation run from `start` replaying `topic` from the earliest offset."""
    @csp.graph
    def g():
        mgr = KafkaAdapterManager(broker, start_offset=KafkaStartOffset.EARLIEST)
        x = mgr.subscribe(Trade, JSON, topic, key="k", push_mode=csp.PushMode.NON_COLLAPSING, **subscribe_kwargs)
        csp.add_graph_output("x", x)

    return [(t, v.qty) for t, v in csp.run(g, starttime=start, endtime=start + timedelta(hours=1))["x"]]


def test_tick_timestamp_from_field_and_messages_before_the_start(kafka_broker):
    topic = new_topic()
    start = datetime(2030, 1, 1)
    offsets = [timedelta(seconds=2), timedelta(seconds=-5), timedelta(seconds=3), timedelta(seconds=1)]
    produce(kafka_broker, topic, [("k", json.dumps({"qty": i, "at": int((start + d - datetime(1970, 1, 1))
                                                                        / timedelta(microseconds=1))}))
                                  for i, d in enumerate(offsets)] + [("k", json.dumps({"qty": 4}))])
    s = timedelta(seconds=1)
    # at the field's times (the one before the start at the start; an older one at the previous time);
    # a message without the field at its Kafka timestamp (years before this start: at the start, kept in order)
    assert _replay(kafka_broker, topic, start, tick_timestamp_from_field="at") == [
        (start + 2 * s, 0), (start + 2 * s, 1), (start + 3 * s, 2), (start + 3 * s, 3), (start + 3 * s, 4)]
    assert _replay(kafka_broker, topic, start, tick_timestamp_from_field="at", include_msg_before_start_time=False) \
        == [(start + 2 * s, 0), (start + 3 * s, 2), (start + 3 * s, 3)]
    # by Kafka timestamps every message is before 2030: all at the start, or none
    assert _replay(kafka_broker, topic, start) == [(start, i) for i in range(5)]
    assert _replay(kafka_broker, topic, start, include_msg_before_start_time=False) == []
    earlier = datetime.utcnow() - timedelta(hours=1)
    assert [q for _, q in _replay(kafka_broker, topic, earlier, include_msg_before_start_time=False)] == list(range(5))
    with pytest.raises(TypeError, match="tick_timestamp_from_field 'qty' must name a datetime field of Trade"):
        KafkaAdapterManager("h:1").subscribe(Trade, JSON, topic, tick_timestamp_from_field="qty")


def test_malformed_json_and_wrong_field_type_are_skipped_with_a_status(kafka_broker):
    topic = new_topic()
    produce(kafka_broker, topic, [("k", "not json"), ("k", json.dumps({"qty": "seven"})),
                                  ("k", json.dumps({"qty": 8}))])
    out = _subscribe_run(kafka_broker, topic, Trade, 1, key="k", statuses=2)
    assert [v.qty for _, v in out["x"]] == [8]
    statuses = [s for _, s in out["status"]]
    assert len(statuses) == 2
    assert all(s.level == Level.ERROR and s.status_code == KafkaStatusMessageType.MSG_RECV_ERROR for s in statuses)
    assert f"topic {topic} partition 0 offset 0" in statuses[0].msg and "not JSON" in statuses[0].msg
    assert f"topic {topic} partition 0 offset 1" in statuses[1].msg and "qty" in statuses[1].msg


def test_unreachable_broker_fails_at_start_within_the_timeout(monkeypatch):
    monkeypatch.setattr(kafka, "CONNECT_TIMEOUT", timedelta(seconds=1.5))

    @csp.graph
    def g():
        mgr = KafkaAdapterManager("127.0.0.1:1")
        csp.add_graph_output("x", mgr.subscribe(Trade, JSON, "nowhere", key="k"))

    started = time.monotonic()
    with pytest.raises(_kafka.KafkaError, match="127.0.0.1:1 within 1500 ms"):
        run_live(g, seconds=30)
    assert time.monotonic() - started < 10


def test_every_published_message_is_acknowledged_by_the_end_of_the_run(kafka_broker):
    topic = new_topic()
    n = 20_000

    @csp.graph
    def g():
        mgr = KafkaAdapterManager(kafka_broker)
        x = csp.curve(str, [(timedelta(microseconds=i), str(i)) for i in range(n)])
        mgr.publish(RawTextMessageMapper(), topic, "k", x)
        stop_after(x, n)

    run_live(g, seconds=60)
    messages = consume_all(kafka_broker, topic, n, timeout=30)
    assert [p for _, p in messages] == [str(i).encode() for i in range(n)]


def test_consumer_group_resumes_from_committed_offsets(kafka_broker):
    topic, group = new_topic(), new_topic("group")
    produce(kafka_broker, topic, [("k", json.dumps({"qty": i})) for i in range(3)])

    def run_group(n):
        @csp.graph
        def g():
            mgr = KafkaAdapterManager(kafka_broker, group_id=group,
                                      rd_kafka_consumer_conf_options={"auto.commit.interval.ms": "50"})
            x = mgr.subscribe(Trade, JSON, topic, key="k", push_mode=csp.PushMode.NON_COLLAPSING)
            csp.add_graph_output("x", x)
            stop_after(x, n)

        return [v.qty for _, v in run_live(g, seconds=30)["x"]]

    assert run_group(3) == [0, 1, 2]
    produce(kafka_broker, topic, [("k", json.dumps({"qty": 3}))])
    assert run_group(1) == [3]


def test_argument_errors():
    with pytest.raises(TypeError, match="broker"):
        KafkaAdapterManager(None)
    with pytest.raises(ValueError, match="group_id"):
        KafkaAdapterManager("h:1", start_offset=KafkaStartOffset.EARLIEST, group_id="g")
    mgr = KafkaAdapterManager("h:1")
    with pytest.raises(TypeError, match="msg_mapper"):
        mgr.subscribe(Trade, None, "t")
    with pytest.raises(ValueError, match="meta fields"):
        mgr.subscribe(Tagged, JSON, "t", meta_field_map={"nope": "k"})
    with pytest.raises(ValueError, match="no field"):
        mgr.subscribe(Tagged, JSON, "t", meta_field_map={"key": "missing"})


class Flat(csp.Struct):
    qty: int
    price: float
    sym: str
    firm: bool


@pytest.mark.parametrize("payload", [
    '{"qty": 1, "price": 2.5, "sym": "A", "firm": true}',
    '{"price": 2}',                      # an int for a float field
    '{"qty": null, "sym": "B"}',          # null: the mapper decides
    '{"qty": 1, "other": [1, 2]}',        # a field the struct does not have
    '{}',
])
def test_flat_struct_fast_path_decodes_as_the_mapper(payload):
    subscription = kafka._Subscription(Flat, JSON, "k", None, {}, False)
    assert subscription.flat is not None  # the fast path is taken
    assert subscription.decode(payload.encode(), 0, 0, None, "k", True) == JSON.decode(payload, Flat)


@pytest.mark.parametrize("payload, field", [('{"qty": "1"}', "qty"), ('{"firm": 1}', "firm"), ('{"price": true}', "price")])
def test_flat_struct_fast_path_reports_the_mappers_error(payload, field):
    subscription = kafka._Subscription(Flat, JSON, "k", None, {}, False)
    with pytest.raises((TypeError, ValueError)) as fast:
        subscription.decode(payload.encode(), 0, 0, None, "k", True)
    with pytest.raises((TypeError, ValueError)) as general:
        JSON.decode(payload, Flat)
    assert str(fast.value) == str(general.value) and field in str(fast.value)


def test_flat_struct_fast_path_encodes_as_the_mapper():
    output = kafka._KafkaOutputImpl(None, JSON, "t", "k", None)
    for value in (Flat(qty=1, price=2.5, sym="A", firm=False), Flat(), Flat(price=float("inf"))):
        assert json.loads(output._encode(value)) == json.loads(JSON.encode(value))
        assert output._encode(value) == JSON.encode(value)


def test_consumer_group_members_share_partitions_and_rebalance(kafka_broker_4_partitions):
    """Two processes in one group on a 4-partition topic: every message once; the survivor takes over."""
    import subprocess
    import sys
    from pathlib import Path

    broker = kafka_broker_4_partitions
    topic, group = new_topic(), new_topic("group")
    program = Path(__file__).parent / "kafka_programs" / "group_member.py"
    members = [subprocess.Popen([sys.executable, str(program), broker, topic, group, str(seconds)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for seconds in (9, 18)]
    try:
        for member in members:  # both joined (bounded: readline returns at the latest when it exits)
            assert member.stdout.readline() == "started\n"
        time.sleep(3)  # the group rebalanced over both
        produce(broker, topic, [(f"key{i}", json.dumps({"qty": i})) for i in range(1000)])
        members[0].wait(timeout=60)  # the first member leaves: its partitions go to the second
        time.sleep(2)
        produce(broker, topic, [(f"key{i}", json.dumps({"qty": i})) for i in range(1000, 1500)])
        outputs = [m.communicate(timeout=60) for m in members]
    finally:
        for m in members:
            m.kill()
    assert all(m.returncode == 0 for m in members), [err[-2000:] for _, err in outputs]
    seen = [[tuple(map(int, line.split())) for line in out.splitlines()] for out, _ in outputs]
    first, second = seen
    qtys = sorted(q for member in seen for _, _, q in member)
    assert qtys == list(range(1500))  # every message once between them
    assert first and {q for _, _, q in first} < set(range(1000))  # the first member had some partitions
    partitions_of = lambda member: {p for p, _, _ in member}  # noqa: E731
    assert partitions_of(first) and partitions_of(second) - partitions_of(first)
    assert {p for p, _, q in second if q >= 1000} == {0, 1, 2, 3}  # after it left: all four in the second


def test_broker_killed_and_restarted_during_a_run_loses_and_duplicates_nothing(monkeypatch):
    """10^5 messages published and consumed by one graph while the broker is killed (SIGKILL) and restarted."""
    import threading

    from kafka_broker import KafkaBroker

    monkeypatch.setattr(kafka, "CONNECT_TIMEOUT", timedelta(seconds=60))
    n = 100_000
    with KafkaBroker() as broker:
        topic = new_topic()
        produce(broker.bootstrap, topic, [("k", json.dumps({"qty": -1}))])  # the topic exists before the run

        @csp.graph
        def g():
            mgr = KafkaAdapterManager(broker.bootstrap, group_id=new_topic("group"))
            x = csp.curve(Trade, [(timedelta(microseconds=30 * i), Trade(qty=i)) for i in range(n)])
            mgr.publish(JSON, topic, "k", x)
            got = mgr.subscribe(Trade, JSON, topic, key="k", push_mode=csp.PushMode.NON_COLLAPSING)
            csp.add_graph_output("got", got)
            stop_after(got, n + 1)

        restarted = threading.Event()

        def kill_and_restart():
            time.sleep(1.0)  # mid-run: messages are being sent and consumed
            broker.restart()
            restarted.set()

        chaos = threading.Thread(target=kill_and_restart)
        chaos.start()
        out = run_live(g, seconds=120)
        chaos.join()
        assert restarted.is_set()
        assert [v.qty for _, v in out["got"]] == list(range(-1, n))  # in order, none lost, none twice
        assert [p for _, p in consume_all(broker.bootstrap, topic, n + 1)] == \
            [json.dumps({"qty": i}).encode() for i in range(-1, n)]
