"""Kafka adapters: subscribe to topics as time series, publish time series to topics.

``KafkaAdapterManager(broker, ...)`` is one connection to a Kafka cluster,
shared by every ``subscribe`` and ``publish`` made through it. The clients
are librdkafka's, in C++ (``csp._kafka.KafkaConsumer`` / ``KafkaProducer``);
this module routes messages to adapters and converts them with the message
mappers of ``csp.adapters.utils``. Publishers of flat structs (JSON), str and
bytes convert and send in C++ (``csp._native.add_kafka_sink``, handed the
producer's C entry point), without Python per message.

Start offsets (``start_offset``, without ``group_id``):

* ``KafkaStartOffset.LATEST`` (the default): only messages sent after the start;
* ``EARLIEST``: every message kept by the broker, then live ones;
* ``START_TIME``: messages from the engine's start time on;
* a ``datetime``: messages from that time on; a ``timedelta``: from that long
  before the engine's start time.

Messages already in the topic when the run starts are *replayed*: a keyed
subscription ticks them at their Kafka timestamps (at the start time if
earlier), in time order with the rest of the graph, then ticks the messages
that arrive afterwards live, with no gap and no duplicate. Wildcard
subscriptions (``key=None``) tick every message live. With ``group_id`` the
manager joins that consumer group: the group's members share the topics'
partitions, offsets are committed, and every message ticks live.

Faults: a broker that does not answer within ``CONNECT_TIMEOUT`` fails the
run at start with ``csp._kafka.KafkaError``. A message that cannot be
converted (not JSON, a field of the wrong type) is skipped and reported on
``status()`` (``MSG_RECV_ERROR``, naming topic, partition, offset and the
field); a message the broker does not acknowledge is reported as
``MSG_DELIVERY_FAILED``. At the end of the run the producer waits (up to
``CONNECT_TIMEOUT``) until every published message is acknowledged
(``acks=all``, idempotent producer).
"""

from __future__ import annotations

import json
import threading
import uuid
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Dict, List, Optional, Tuple, TypeVar, Union

from csp import _kafka, _native
from csp.adapters._json_codec import flat_struct_decoder
from csp.adapters.status import Level, Status
from csp.adapters.utils import (BytesMessageProtoMapper, DateTimeType, JSONTextMessageMapper, MsgMapper,
                                RawBytesMessageMapper, RawTextMessageMapper, _checked_meta_field_map, hash_mutable)
from csp.impl.adaptermanager import AdapterManagerImpl
from csp.impl.outputadapter import OutputAdapter
from csp.impl.pushadapter import PushInputAdapter
from csp.impl.pushpulladapter import PushPullInputAdapter
from csp.impl.struct import is_struct_type
from csp.impl.types import ts
from csp.impl.wiring import py_output_adapter_def, py_push_adapter_def, py_pushpull_adapter_def
from csp.impl.wiring.instances import NodeInstance
from csp.impl.wiring.adapters import PushMode

__all__ = ["BytesMessageProtoMapper", "DateTimeType", "JSONTextMessageMapper", "KafkaAdapterManager",
           "KafkaStartOffset", "KafkaStatusMessageType", "MsgMapper", "RawBytesMessageMapper",
           "RawTextMessageMapper", "ReplayMode", "hash_mutable"]

T = TypeVar("T")

CONNECT_TIMEOUT = timedelta(seconds=10)  # bound on reaching the broker at start and on the final flush
_EPOCH = datetime(1970, 1, 1)
_POLL_BATCH = 2000
META_FIELDS = ("partition", "offset", "live", "timestamp", "key")


class ReplayMode(IntEnum):
    """Where reading starts: the earliest kept message, new messages only, or the engine's start time."""

    EARLIEST = 1
    LATEST = 2
    START_TIME = 3


KafkaStartOffset = ReplayMode


class KafkaStatusMessageType(IntEnum):
    """``status_code`` of the Status events a KafkaAdapterManager ticks."""

    OK = 0
    MSG_DELIVERY_FAILED = 1
    MSG_SEND_ERROR = 2
    MSG_RECV_ERROR = 3
    GENERIC_ERROR = 4


def _ms(value: datetime) -> int:
    return (value - _EPOCH) // timedelta(milliseconds=1)


def _check_mapper(mapper, where: str) -> None:
    if not isinstance(mapper, MsgMapper):
        raise TypeError(f"{where}: msg_mapper must be a csp.adapters.utils MsgMapper, got {type(mapper).__name__}")


class KafkaAdapterManager:
    """One connection to a Kafka cluster (see the module docstring)."""

    def __init__(self, broker, start_offset: Union[ReplayMode, timedelta, datetime] = None, group_id: str = None,
                 group_id_prefix: str = "", max_threads=4, max_queue_size=1000000, auth=False,
                 security_protocol="SASL_SSL", sasl_kerberos_keytab="", sasl_kerberos_principal="",
                 ssl_ca_location="", sasl_kerberos_service_name="kafka", rd_kafka_conf_options=None,
                 debug: bool = False, poll_timeout: timedelta = timedelta(seconds=1),
                 rd_kafka_consumer_conf_options=None, rd_kafka_producer_conf_options=None):
        if not isinstance(broker, str) or not broker:
            raise TypeError(f"KafkaAdapterManager: broker must be a 'host:port' string, got {broker!r}")
        if start_offset is not None and not isinstance(start_offset, (ReplayMode, timedelta, datetime)):
            raise TypeError("KafkaAdapterManager: start_offset must be a KafkaStartOffset, a datetime or a "
                            f"timedelta, got {start_offset!r}")
        if group_id is not None and start_offset is not None:
            raise ValueError("KafkaAdapterManager: start_offset cannot be set with group_id "
                             "(a consumer group reads from its committed offsets)")
        self._broker = broker
        self._start_offset = ReplayMode.LATEST if start_offset is None else start_offset
        self._group_id = group_id
        self._group_id_prefix = group_id_prefix
        self._poll_timeout = poll_timeout
        self._options = self._client_options(auth, security_protocol, sasl_kerberos_keytab, sasl_kerberos_principal,
                                             ssl_ca_location, sasl_kerberos_service_name, rd_kafka_conf_options,
                                             debug)
        self._consumer_options = dict(rd_kafka_consumer_conf_options or {})
        self._producer_options = {"queue.buffering.max.messages": str(max(1, min(int(max_queue_size), 10_000_000))),
                                  **(rd_kafka_producer_conf_options or {})}
        self._topics: List[str] = []

    @staticmethod
    def _client_options(auth, security_protocol, keytab, principal, ca_location, service_name, extra,
                        debug) -> Dict[str, str]:
        options = {}
        if auth:
            options.update({"security.protocol": security_protocol, "sasl.kerberos.keytab": keytab,
                            "sasl.kerberos.principal": principal, "sasl.kerberos.service.name": service_name})
            if ca_location:
                options["ssl.ca.location"] = ca_location
        options.update({"log_level": "7", "debug": "broker,topic,msg"} if debug else {"log_level": "0"})
        for name, value in (extra or {}).items():
            options[str(name)] = str(value)
        return options

    def subscribe(self, ts_type: type, msg_mapper: MsgMapper, topic, key=None, field_map: Union[dict, str] = None,
                  meta_field_map: dict = None, push_mode: PushMode = PushMode.LAST_VALUE,
                  adjust_out_of_order_time: bool = False, tick_timestamp_from_field: str = None,
                  include_msg_before_start_time: bool = True):
        """A time series of ``ts_type`` values decoded from the messages of ``topic`` with ``key`` (None: all)."""
        _check_mapper(msg_mapper, "KafkaAdapterManager.subscribe")
        meta_field_map = _checked_meta_field_map("KafkaAdapterManager.subscribe", ts_type, meta_field_map, META_FIELDS)
        if is_struct_type(ts_type):
            missing = [f for f in meta_field_map.values() if f not in ts_type.metadata()]
            if missing:
                raise ValueError(f"KafkaAdapterManager.subscribe: {ts_type.__name__} has no field(s) {missing} "
                                 "named in meta_field_map")
        if tick_timestamp_from_field is not None and (
                not is_struct_type(ts_type) or ts_type.metadata().get(tick_timestamp_from_field) is not datetime):
            raise TypeError(f"KafkaAdapterManager.subscribe: tick_timestamp_from_field {tick_timestamp_from_field!r} "
                            f"must name a datetime field of {getattr(ts_type, '__name__', ts_type)}")
        if topic not in self._topics:
            self._topics.append(topic)
        options = (meta_field_map, adjust_out_of_order_time, tick_timestamp_from_field, include_msg_before_start_time)
        return _KafkaInput(self, ts_type, msg_mapper, topic, key, field_map, options, push_mode=push_mode)

    def publish(self, msg_mapper: MsgMapper, topic: str, key: Union[str, List], x, field_map: Union[dict, str] = None):
        """Sends every tick of ``x`` to ``topic``.

        ``key`` is the messages' key (a str), or a list of field names naming a str field of the struct
        published (``["sym"]``, or through nested structs ``["inner", "name"]``) whose value is each
        message's key. Structs of bool/int/float/str fields (JSON), str and bytes (raw mappers) are
        converted and sent in C++; other values go through ``msg_mapper``.
        """
        _check_mapper(msg_mapper, "KafkaAdapterManager.publish")
        if not isinstance(topic, str) or not topic:
            raise TypeError(f"KafkaAdapterManager.publish: topic must be a non-empty str, got {topic!r}")
        typ = getattr(getattr(x, "tstype", None), "typ", None)
        key_path = _key_path(key, typ)
        plan = _native_plan(msg_mapper, typ, field_map)
        if plan is None:
            _KafkaOutput(self, msg_mapper, topic, key, field_map, x)
        else:
            _KafkaNativeOutput(self, plan, (msg_mapper, topic, key, field_map), key_path, x)

    def status(self, push_mode=PushMode.NON_COLLAPSING):
        """A ts[Status] of the manager's connection and conversion events (KafkaStatusMessageType codes)."""
        return _KafkaStatus(self, push_mode=push_mode)

    def _create(self, engine, memo):
        return _KafkaManagerImpl(engine, self)


_FLAT_TYPES = (int, float, str, bool)
_NATIVE_STRUCT_JSON, _NATIVE_STR, _NATIVE_BYTES = 0, 1, 2


def _key_path(key, typ) -> List[str]:
    """The field names of a struct-field key (a list), checked against ``typ``; [] for a str key."""
    if isinstance(key, str):
        return []
    if not isinstance(key, (list, tuple)) or not key or not all(isinstance(k, str) for k in key):
        raise TypeError("KafkaAdapterManager.publish: key must be a str or a non-empty list of field names, "
                        f"got {key!r}")
    current = typ
    for i, name in enumerate(key):
        if not is_struct_type(current):
            raise TypeError(f"KafkaAdapterManager.publish: key {list(key)} reaches into {current!r}, not a struct")
        field_type = current.metadata().get(name)
        if field_type is None:
            raise TypeError(f"KafkaAdapterManager.publish: {current.__name__} has no key field {name!r}")
        if i + 1 == len(key) and field_type is not str:
            raise TypeError(f"KafkaAdapterManager.publish: key field {current.__name__}.{name} must be a str field")
        current = field_type
    return list(key)


def _read_key(value, key_path: List[str]) -> str:
    for name in key_path:
        if not hasattr(value, name):
            raise ValueError(f"key field {'.'.join(key_path)} is unset")
        value = getattr(value, name)
    return value


def _native_plan(mapper, typ, field_map) -> Optional[tuple]:
    """(kind, struct type, [(struct field, message field)]) when C++ publishes ``typ`` values, else None."""
    if not hasattr(_native, "add_kafka_sink"):
        return None
    if type(mapper) is RawTextMessageMapper and typ is str:
        return _NATIVE_STR, None, []
    if type(mapper) is RawBytesMessageMapper and typ in (bytes, str):
        return (_NATIVE_BYTES if typ is bytes else _NATIVE_STR), None, []
    mapping = _plain_field_map(mapper, typ, field_map)
    if mapping is None or len(set(mapping.values())) != len(mapping):
        return None
    fields = typ.metadata()
    if any(fields.get(f) not in _FLAT_TYPES for f in mapping):
        return None
    return _NATIVE_STRUCT_JSON, typ, list(mapping.items())


def _plain_field_map(mapper, typ, field_map) -> Optional[Dict[str, str]]:
    """The field map of a JSON mapper's struct ``typ`` (every field to itself when None) when its targets are
    plain names, else None."""
    if type(mapper) is not JSONTextMessageMapper or not is_struct_type(typ):
        return None
    mapping = {name: name for name in typ.metadata()} if field_map is None else field_map
    if not isinstance(mapping, dict) or not all(isinstance(target, str) for target in mapping.values()):
        return None
    return mapping


class _Subscription:
    """A subscription's conversion from a Kafka message to the adapter's value.

    JSON objects of flat structs (int, float, str and bool fields) take a fast
    path; anything it does not expect (another type, null, an unknown field,
    not an object) goes through the mapper, which gives the value or the error.
    """

    def __init__(self, typ, mapper, key, field_map, meta_field_map, adjust_out_of_order_time,
                 tick_field: Optional[str] = None, include_before_start: bool = True):
        self.typ = typ
        self.mapper = mapper
        self.flat = flat_struct_decoder(typ, field_map) if type(mapper) is JSONTextMessageMapper else None
        self.key = key
        self.field_map = field_map
        self.meta = meta_field_map
        self.adjust = adjust_out_of_order_time
        self.tick_field = tick_field
        self.include_before_start = include_before_start
        self.last_time: Optional[datetime] = None

    def message_time(self, value, timestamp: Optional[datetime]) -> Optional[datetime]:
        """A replayed message's time: its ``tick_field`` (if set on the value), else its Kafka timestamp."""
        if self.tick_field is not None:
            return getattr(value, self.tick_field, timestamp)
        return timestamp

    def replay_time(self, timestamp: Optional[datetime]) -> Optional[datetime]:
        """Replay ticks keep time order: a message older than the previous one ticks at the previous time."""
        time = timestamp if timestamp is not None else self.last_time
        if self.last_time is not None and (time is None or time < self.last_time):
            time = self.last_time
        self.last_time = time
        return time

    def _decode_flat(self, payload: bytes):
        try:
            value = self.flat(json.loads(payload))
        except ValueError:
            value = None
        return value if value is not None else self.mapper.decode(payload, self.typ, self.field_map)

    def decode(self, payload: bytes, partition, offset, timestamp: datetime, key, live: bool):
        if self.flat is not None:
            value = self._decode_flat(payload)
        else:
            value = self.mapper.decode(payload, self.typ, self.field_map)
        if self.meta:
            found = {"partition": partition, "offset": offset, "live": live, "timestamp": timestamp, "key": key}
            for meta, field in self.meta.items():
                if found[meta] is not None:  # no key, no timestamp: the field stays unset
                    setattr(value, field, found[meta])
        return value


class _KafkaManagerImpl(AdapterManagerImpl):
    """Run time: one consumer thread for every subscription, one producer for every publisher."""

    def __init__(self, engine, manager: KafkaAdapterManager) -> None:
        super().__init__(engine)
        self._manager = manager
        self._routes: Dict[str, Dict[Optional[str], List[Tuple[_Subscription, PushPullInputAdapter]]]] = {}
        self._status_adapters: List[PushInputAdapter] = []
        self._consumer = None
        self._producer = None
        self._producer_lock = threading.Lock()
        self._sent = 0
        self._thread: Optional[threading.Thread] = None
        self._stopping = threading.Event()
        self._starttime = _EPOCH
        self._history: Dict[Tuple[str, int], int] = {}  # partitions still replaying -> their end offset
        self._held_live: list = []                        # live messages that arrived during the replay

    # -- registration (graph build)
    def add_subscription(self, topic, key, subscription: _Subscription, adapter) -> None:
        self._routes.setdefault(topic, {}).setdefault(key, []).append((subscription, adapter))

    def add_status(self, adapter) -> None:
        self._status_adapters.append(adapter)

    def _timeout_ms(self) -> int:
        return max(1, int(CONNECT_TIMEOUT / timedelta(milliseconds=1)))

    # -- run
    def start(self, starttime: datetime, endtime: datetime) -> None:
        self._starttime = starttime
        if not self._routes:
            return
        m = self._manager
        group = m._group_id or f"{m._group_id_prefix}{uuid.uuid4()}"
        options = {**m._options, **m._consumer_options}
        self._consumer = _kafka.KafkaConsumer(m._broker, group, options, self._timeout_ms())
        topics = list(self._routes)
        if m._group_id is not None:
            self._consumer.subscribe(topics)
        else:
            kind, time_ms = self._start_position(starttime)
            for topic, partition, first, end in self._consumer.assign(topics, kind, time_ms):
                if first < end:
                    self._history[(topic, partition)] = end
        if not self._history:
            self._replay_complete()
        self._thread = threading.Thread(target=self._consume, name="csp-kafka-consumer", daemon=True)
        self._thread.start()

    def _start_position(self, starttime: datetime) -> Tuple[str, int]:
        start = self._manager._start_offset
        if isinstance(start, datetime):
            return "TIME", _ms(start)
        if isinstance(start, timedelta):
            return "TIME", _ms(starttime - abs(start))
        if start == ReplayMode.START_TIME:
            return "TIME", _ms(starttime)
        return start.name, 0

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._consumer is not None:
            self._consumer.close()
            self._consumer = None
        if self._producer is not None:
            producer, self._producer = self._producer, None
            producer.flush(self._timeout_ms())
            self._report_delivery_errors(producer)

    def _consume(self) -> None:
        poll_ms = max(1, min(200, int(self._manager._poll_timeout / timedelta(milliseconds=1))))
        try:
            while not self._stopping.is_set():
                for message in self._consumer.poll(_POLL_BATCH, poll_ms):
                    self._on_message(*message)
        except BaseException as error:  # a failure here must stop the run, not vanish with the thread
            self.shutdown_engine(error)

    def _on_message(self, topic, partition, offset, timestamp_ms, key, payload, error) -> None:
        if error is not None:
            self.push_status(Level.ERROR, KafkaStatusMessageType.MSG_RECV_ERROR,
                             f"topic {topic} partition {partition}: {error}")
            return
        end = self._history.get((topic, partition))
        replaying = end is not None
        if not replaying and self._history:  # live while other partitions replay: after the replay
            self._held_live.append((topic, partition, offset, timestamp_ms, key, payload))
            return
        self._deliver(topic, partition, offset, timestamp_ms, key, payload, live=not replaying)
        if replaying and offset + 1 >= end:
            del self._history[(topic, partition)]
            if not self._history:
                self._replay_complete()

    def _replay_complete(self) -> None:
        for by_key in self._routes.values():
            for subscriptions in by_key.values():
                for _, adapter in subscriptions:
                    adapter.flag_replay_complete()
        held, self._held_live = self._held_live, []
        for message in held:
            self._deliver(*message, live=True)

    def _deliver(self, topic, partition, offset, timestamp_ms, key, payload, live: bool) -> None:
        by_key = self._routes.get(topic)
        if by_key is None:
            return
        text_key = key.decode("utf-8", "replace") if key is not None else None
        targets = by_key.get(text_key, []) + (by_key.get(None, []) if text_key is not None else [])
        timestamp = _EPOCH + timedelta(milliseconds=timestamp_ms) if timestamp_ms >= 0 else None
        for subscription, adapter in targets:
            wildcard = subscription.key is None
            tick_live = live or wildcard
            try:
                value = subscription.decode(payload, partition, offset, timestamp, text_key, tick_live)
            except (ValueError, TypeError, UnicodeDecodeError) as error:
                self.push_status(Level.ERROR, KafkaStatusMessageType.MSG_RECV_ERROR,
                                 f"topic {topic} partition {partition} offset {offset}: message skipped: {error}")
                continue
            if tick_live:
                adapter.push_tick(True, timestamp, value)
                continue
            time = subscription.message_time(value, timestamp)
            if not subscription.include_before_start and (time is None or time < self._starttime):
                continue  # include_msg_before_start_time=False
            adapter.push_tick(False, subscription.replay_time(time), value)

    # -- publishing
    def producer(self):
        """The manager's producer, created on first use."""
        with self._producer_lock:
            if self._producer is None:
                m = self._manager
                self._producer = _kafka.KafkaProducer(m._broker, {**m._options, **m._producer_options},
                                                       self._timeout_ms())
            return self._producer

    def check_delivery(self) -> None:
        if self._producer is not None:
            self._report_delivery_errors(self._producer)

    def publish(self, topic: str, key: str, payload) -> None:
        producer = self.producer()
        try:
            producer.produce(topic, key, payload)
        except _kafka.KafkaError as error:
            self.push_status(Level.ERROR, KafkaStatusMessageType.MSG_SEND_ERROR, str(error))
        self._sent += 1
        if self._sent % 1024 == 0:
            self._report_delivery_errors(producer)

    def _report_delivery_errors(self, producer) -> None:
        for failure in producer.take_errors():
            self.push_status(Level.ERROR, KafkaStatusMessageType.MSG_DELIVERY_FAILED, f"delivery failed: {failure}")

    def push_status(self, level: Level, code: KafkaStatusMessageType, msg: str) -> None:
        status = Status(level=int(level), status_code=int(code), msg=msg)
        for adapter in self._status_adapters:
            adapter.push_tick(status)


class _KafkaInputImpl(PushPullInputAdapter):
    def __init__(self, manager_impl: _KafkaManagerImpl, typ, mapper, topic, key, field_map, options):
        meta_field_map, adjust, tick_field, include_before = options
        subscription = _Subscription(typ, mapper, key, field_map, meta_field_map, adjust, tick_field,
                                     bool(include_before))
        manager_impl.add_subscription(topic, key, subscription, self)


class _KafkaStatusImpl(PushInputAdapter):
    def __init__(self, manager_impl: _KafkaManagerImpl):
        manager_impl.add_status(self)


class _KafkaOutputImpl(OutputAdapter):
    """Publishes in Python; also the Python side of a C++ publisher (native_producer, send_failed,
    check_delivery, and on_tick for the values C++ does not convert)."""

    def __init__(self, manager_impl: _KafkaManagerImpl, mapper, topic, key, field_map):
        self._manager = manager_impl
        self._mapper = mapper
        self._topic = topic
        self._key = key if isinstance(key, str) else None
        self._key_path = [] if isinstance(key, str) else list(key)
        self._field_map = field_map
        self._flat_type = None
        self._flat_fields: Optional[List[str]] = None

    def _encode(self, value) -> Union[str, bytes]:
        typ = type(value)
        if typ is not self._flat_type:
            self._flat_type, self._flat_fields = typ, self._flat_field_names(typ)
        names = self._flat_fields
        if names is None:
            return self._mapper.encode(value, self._field_map)
        return json.dumps({name: getattr(value, name) for name in names if hasattr(value, name)})

    def _flat_field_names(self, typ) -> Optional[List[str]]:
        """The fields of a struct type written as JSON scalars (fast path), or None: the mapper encodes."""
        if self._field_map is not None or type(self._mapper) is not JSONTextMessageMapper or not is_struct_type(typ):
            return None
        fields = typ.metadata()
        return list(fields) if all(t in _FLAT_TYPES for t in fields.values()) else None

    def on_tick(self, time: datetime, value: object) -> None:
        try:
            key = _read_key(value, self._key_path) if self._key_path else self._key
            payload = self._encode(value)
            if isinstance(payload, str):
                payload = payload.encode("utf-8")  # a lone surrogate cannot be sent: UnicodeEncodeError
        except (ValueError, TypeError) as error:
            self.send_failed(f"topic {self._topic}: value not sent: {error}")
            return
        self._manager.publish(self._topic, key, payload)

    def start(self) -> None:
        self._prepared_producer()

    def _prepared_producer(self):
        """The manager's producer, with this topic looked up: the first messages go out at once."""
        producer = self._manager.producer()
        producer.prepare(self._topic)
        return producer

    def native_producer(self):
        producer = self._prepared_producer()
        return producer, producer.c_api()

    def send_failed(self, msg: str) -> None:
        self._manager.push_status(Level.ERROR, KafkaStatusMessageType.MSG_SEND_ERROR, msg)

    def check_delivery(self) -> None:
        self._manager.check_delivery()


class _KafkaNativeOutput(NodeInstance):
    """A publisher converting and sending in C++ (csp._native.add_kafka_sink), built with its manager."""

    is_root = True

    def __init__(self, manager: KafkaAdapterManager, plan, python_args, key_path: List[str], x) -> None:
        super().__init__("KafkaOutput", [])
        self.adapter_manager = manager
        self._plan = plan
        self._python_args = python_args  # (mapper, topic, key, field_map) of the Python side
        self._key_path = key_path
        self._edge = x

    def inputs(self):
        return [self._edge]

    def build_with_manager(self, engine, native_of, manager_impl) -> list:
        mapper, topic, key, field_map = self._python_args
        kind, struct_type, fields = self._plan
        _native.add_kafka_sink(engine, self.name, native_of(self._edge), kind, struct_type, fields, self._key_path,
                               topic, key if isinstance(key, str) else "",
                               _KafkaOutputImpl(manager_impl, mapper, topic, key, field_map))
        return []


_KafkaInput = py_pushpull_adapter_def("KafkaInput", _KafkaInputImpl, ts["T"], KafkaAdapterManager, typ="T",
                                      mapper=object, topic=str, key=object, field_map=object, options=object)
_KafkaStatus = py_push_adapter_def("KafkaStatus", _KafkaStatusImpl, ts[Status], KafkaAdapterManager)
_KafkaOutput = py_output_adapter_def("KafkaOutput", _KafkaOutputImpl, KafkaAdapterManager, mapper=object,
                                     topic=str, key=object, field_map=object, x=ts["T"])
