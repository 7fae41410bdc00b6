"""csp.adapters.utils message mappers and csp.adapters.status."""

import json
import typing
from datetime import datetime, timedelta

import pytest

import csp
from csp.adapters.status import Level, Status
from csp.adapters.utils import (BytesMessageProtoMapper, DateTimeType, JSONTextMessageMapper, MsgMapper,
                                RawBytesMessageMapper, RawTextMessageMapper, hash_mutable)


class Side(csp.Enum):
    BUY = 1
    SELL = 2


class Venue(csp.Struct):
    name: str
    opened: datetime


class Trade(csp.Struct):
    price: float
    qty: int
    side: Side
    time: datetime
    latency: timedelta
    tags: typing.List[str]
    venue: Venue


def test_properties_describe_the_wire_format_as_the_reference():
    assert JSONTextMessageMapper().properties == {"msg_type": "TEXT_MSG", "protocol": "JSON",
                                                  "datetime_type": "UINT64_NANOS"}
    assert JSONTextMessageMapper(datetime_type=DateTimeType.UINT64_MILLIS).properties["datetime_type"] == "UINT64_MILLIS"
    assert RawTextMessageMapper().properties == {"msg_type": "TEXT_MSG", "protocol": "RAW_BYTES"}
    assert RawBytesMessageMapper().properties == {"msg_type": "BYTES_MSG", "protocol": "RAW_BYTES"}
    assert BytesMessageProtoMapper("d", "f.proto", "M").properties == {
        "msg_type": "BYTES_MSG", "protocol": "PROTOBUF", "proto_directory": "d", "proto_filename": "f.proto",
        "proto_message": "M"}
    assert [(m.name, m.value) for m in DateTimeType] == [("UNKNOWN", 0), ("UINT64_NANOS", 1), ("UINT64_MICROS", 2),
                                                          ("UINT64_MILLIS", 3), ("UINT64_SECONDS", 4)]
    assert isinstance(JSONTextMessageMapper(), MsgMapper)


def test_json_decodes_nested_structs_lists_enums_and_datetimes_in_the_chosen_unit():
    mapper = JSONTextMessageMapper(datetime_type=DateTimeType.UINT64_MILLIS)
    message = json.dumps({"price": 10, "qty": 3, "side": "SELL", "time": 1640995200500, "latency": 250,
                          "tags": ["a", "b"], "venue": {"name": "X", "opened": 0}, "ignored": 1}).encode()
    trade = mapper.decode(message, Trade)
    assert trade == Trade(price=10.0, qty=3, side=Side.SELL, time=datetime(2022, 1, 1, 0, 0, 0, 500000),
                          latency=timedelta(milliseconds=250), tags=["a", "b"],
                          venue=Venue(name="X", opened=datetime(1970, 1, 1)))
    assert isinstance(trade.price, float)


def test_json_field_maps_rename_and_select_fields_including_nested_ones():
    mapper = JSONTextMessageMapper(datetime_type=DateTimeType.UINT64_SECONDS)
    message = '{"px": 1.5, "q": 2, "v": {"n": "Y"}, "qty": 99}'
    trade = mapper.decode(message, Trade, {"px": "price", "q": "qty", "v": ("venue", {"n": "name"})})
    assert trade == Trade(price=1.5, qty=2, venue=Venue(name="Y"))
    out = json.loads(mapper.encode(trade, {"price": "px", "venue": ("v", {"name": "n"})}))
    assert out == {"px": 1.5, "v": {"n": "Y"}}


def test_json_encode_writes_set_fields_and_round_trips():
    for unit in (DateTimeType.UINT64_NANOS, DateTimeType.UINT64_MICROS, DateTimeType.UINT64_SECONDS):
        mapper = JSONTextMessageMapper(datetime_type=unit)
        trade = Trade(price=2.0, side=Side.BUY, time=datetime(2022, 1, 1, 12), tags=[], latency=timedelta(seconds=3))
        text = mapper.encode(trade)
        assert set(json.loads(text)) == {"price", "side", "time", "tags", "latency"}
        assert mapper.decode(text, Trade) == trade
    nanos = json.loads(JSONTextMessageMapper().encode(Trade(time=datetime(1970, 1, 1, 0, 0, 1))))
    assert nanos == {"time": 1_000_000_000}


def test_json_scalars_read_the_whole_message_or_one_field():
    mapper = JSONTextMessageMapper()
    assert mapper.decode("3", int) == 3
    assert mapper.decode('{"x": [1, 2]}', typing.List[float], "x") == [1.0, 2.0]
    assert json.loads(mapper.encode(5, "x")) == {"x": 5}


def test_json_errors_name_the_field_at_fault():
    mapper = JSONTextMessageMapper()
    with pytest.raises(TypeError, match="qty"):
        mapper.decode('{"qty": "three"}', Trade)
    with pytest.raises(TypeError, match=r"venue\.name"):
        mapper.decode('{"venue": {"name": 5}}', Trade)
    with pytest.raises(ValueError, match="side"):
        mapper.decode('{"side": "HOLD"}', Trade)
    with pytest.raises(ValueError, match="not JSON"):
        mapper.decode("{oops", Trade)
    with pytest.raises(ValueError, match="no field 'nope'"):
        mapper.decode('{"a": 1}', Trade, {"a": "nope"})
    unknown = JSONTextMessageMapper(datetime_type=DateTimeType.UNKNOWN)
    with pytest.raises(ValueError, match="time.*datetime_type"):
        unknown.decode('{"time": 5}', Trade)
    with pytest.raises(ValueError, match="datetime_type"):
        unknown.encode(Trade(time=datetime(2022, 1, 1)))
    with pytest.raises(TypeError, match="DateTimeType"):
        JSONTextMessageMapper(datetime_type=2)


def test_raw_mappers_pass_messages_through():
    assert RawTextMessageMapper().decode(b"h\xc3\xa9", str) == "hé"
    assert RawTextMessageMapper().encode("x") == "x"
    assert RawBytesMessageMapper().decode("hé", bytes) == "hé".encode()
    assert RawBytesMessageMapper().encode("x") == b"x"
    with pytest.raises(NotImplementedError):
        BytesMessageProtoMapper("d", "f", "m").decode(b"", Trade)


def test_hash_mutable_hashes_by_content():
    assert hash_mutable({"a": [1, {2, 3}]}) == hash_mutable({"a": [1, {3, 2}]})
    assert hash_mutable([1, 2]) != hash_mutable([2, 1])


def test_status_struct_and_levels_as_the_reference():
    assert Status.metadata() == {"level": int, "status_code": int, "msg": str}
    assert [(m.name, m.value) for m in Level] == [("DEBUG", 0), ("INFO", 1), ("WARNING", 2), ("ERROR", 3),
                                                   ("CRITICAL", 4)]
    status = Status(level=Level.ERROR, status_code=7, msg="down")
    assert (status.level, status.status_code, status.msg) == (3, 7, "down")
    assert str(status) == "Status( level=3, status_code=7, msg=down )"
