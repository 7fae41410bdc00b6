"""Websocket adapters against real servers and clients on loopback (tornado), with disconnects and restarts."""

import asyncio
import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from typing import List

import pytest
import tornado.websocket
from live_table_helpers import Tick, ticks
from websocket_server import WebsocketServer, free_port

import csp
from csp import ts
from csp.adapters.websocket import (JSONTextMessageMapper, RawBytesMessageMapper, RawTextMessageMapper, Status,
                                    WebsocketAdapterManager, WebsocketHeaderUpdate, WebsocketStatus,
                                    WebsocketTableAdapter)

PROGRAMS = Path(__file__).parent / "websocket_programs"
FAST = timedelta(milliseconds=100)  # reconnect interval of the tests


class Msg(csp.Struct):
    a: int
    b: str


@pytest.fixture
def server():
    s = WebsocketServer(greeting="hello").start()
    try:
        yield s
    finally:
        s.close()


def run(graph, seconds: float = 10.0, **kwargs):
    return csp.run(graph, starttime=datetime.utcnow(), endtime=timedelta(seconds=seconds), realtime=True, **kwargs)


def codes(statuses) -> List[int]:
    return [s.status_code for _, s in statuses]


@csp.node
def send_when_connected(status: ts[Status], messages: object) -> ts[object]:
    with csp.alarms():
        out = csp.alarm(object)
    if csp.ticked(status) and status.status_code == WebsocketStatus.ACTIVE:
        for message in messages:
            csp.schedule_alarm(out, timedelta(0), message)
    if csp.ticked(out):
        return out


@csp.node
def stop_after_both(values: ts[object], others: ts[object], n_values: int, n_others: int):
    """Stops the run once ``values`` ticked ``n_values`` times and ``others`` ``n_others`` times."""
    with csp.state():
        s_values = 0
        s_others = 0
    if csp.ticked(values):
        s_values += 1
    if csp.ticked(others):
        s_others += 1
    if s_values >= n_values and s_others >= n_others:
        csp.stop_engine()


def stop_after(x, count: int) -> None:
    stop_after_both(x, csp.null_ts(object), count, 0)


# ------------------------------------------------------------------ client: messages in and out


def test_text_messages_out_and_back(server):
    def g():
        ws = WebsocketAdapterManager(server.uri)
        status = ws.status()
        ws.send(send_when_connected(status, ["one", "two", "three"]))
        received = ws.subscribe(str, RawTextMessageMapper())
        csp.add_graph_output("status", status)
        csp.add_graph_output("received", received)
        stop_after(received, 4)

    out = run(g)
    assert [v for _, v in out["received"]] == ["hello 1", "one", "two", "three"]
    assert codes(out["status"]) == [WebsocketStatus.ACTIVE]
    assert out["status"][0][1].msg == "Connected successfully"
    assert out["status"][0][0] <= out["received"][0][0]  # the greeting came with the handshake: it ticks after
    assert server.received == ["one", "two", "three"]


def test_json_structs_with_field_map_and_a_bad_message_skipped(server):
    def g():
        ws = WebsocketAdapterManager(server.uri)
        status = ws.status()
        payloads = [json.dumps({"x": 1, "y": "a"}), "not json", json.dumps({"x": "wrong type"}),
                    json.dumps({"x": 2, "y": "b"})]
        ws.send(send_when_connected(status, payloads))
        received = ws.subscribe(Msg, JSONTextMessageMapper(), field_map={"x": "a", "y": "b"})
        csp.add_graph_output("status", status)
        csp.add_graph_output("received", received)
        stop_after_both(received, status, 2, 4)  # 2 values; ACTIVE and 3 errors

    out = run(g)
    assert [(m.a, m.b) for _, m in out["received"]] == [(1, "a"), (2, "b")]
    assert codes(out["status"])[0] == WebsocketStatus.ACTIVE
    errors = [s for _, s in out["status"] if s.status_code == WebsocketStatus.GENERIC_ERROR]
    # "hello 1", "not json" and the wrong type: each skipped and reported with the reason
    assert len(errors) == 3 and all(s.level == csp.adapters.status.Level.ERROR for s in errors)
    assert any("not JSON" in s.msg for s in errors) and any("expected int" in s.msg for s in errors)


def test_bytes_are_sent_as_binary_messages(server):
    def g():
        ws = WebsocketAdapterManager(server.uri)
        status = ws.status()
        ws.send(send_when_connected(status, [b"\x00\x01binary"]))
        received = ws.subscribe(bytes, RawBytesMessageMapper())
        csp.add_graph_output("received", received)
        stop_after(received, 2)

    out = run(g)
    assert [v for _, v in out["received"]] == [b"hello 1", b"\x00\x01binary"]
    assert server.received == [b"\x00\x01binary"]


def test_headers_and_header_updates_apply_to_the_next_connection(server):
    @csp.node
    def on_greeting(x: ts[str]) -> ts[List[WebsocketHeaderUpdate]]:
        if x == "hello 1":
            server.disconnect_all()
            return [WebsocketHeaderUpdate(key="X-Token", value="second"), WebsocketHeaderUpdate(key="X-Gone", value="")]

    def g():
        ws = WebsocketAdapterManager(server.uri, reconnect_interval=FAST, headers={"X-Token": "first", "X-Gone": "1"})
        received = ws.subscribe(str, RawTextMessageMapper())
        ws.update_headers(on_greeting(received))
        stop_after(received, 2)

    run(g)
    assert server.headers[0]["X-Token"] == "first" and server.headers[0]["X-Gone"] == "1"
    assert server.headers[1]["X-Token"] == "second" and "X-Gone" not in server.headers[1]


# ------------------------------------------------------------------ client: faults


def test_server_absent_at_start_then_up(server):
    server.stop()
    started = threading.Timer(0.5, server.start)
    started.start()

    def g():
        ws = WebsocketAdapterManager(server.uri, reconnect_interval=FAST)
        status = ws.status()
        received = ws.subscribe(str, RawTextMessageMapper())
        csp.add_graph_output("status", status)
        csp.add_graph_output("received", received)
        stop_after(received, 1)

    out = run(g)
    started.join()
    seen = codes(out["status"])
    assert seen[-1] == WebsocketStatus.ACTIVE
    assert seen[:-1] and set(seen[:-1]) == {WebsocketStatus.CONNECTION_FAILED}
    assert out["status"][0][1].msg == "Connection Failure: Connection refused"
    assert [v for _, v in out["received"]] == ["hello 1"]


def test_client_disconnected_by_the_server_reconnects(server):
    @csp.node
    def kick(x: ts[str]):
        if x == "hello 1":
            server.disconnect_all()

    def g():
        ws = WebsocketAdapterManager(server.uri, reconnect_interval=FAST)
        status = ws.status()
        received = ws.subscribe(str, RawTextMessageMapper())
        kick(received)
        csp.add_graph_output("status", status)
        csp.add_graph_output("received", received)
        stop_after(received, 2)

    out = run(g)
    assert codes(out["status"]) == [WebsocketStatus.ACTIVE, WebsocketStatus.CLOSED, WebsocketStatus.ACTIVE]
    assert [v for _, v in out["received"]] == ["hello 1", "hello 2"]
    assert server.connections == 2


def test_server_restart_mid_run(server):
    @csp.node
    def restart(x: ts[str]):
        if x == "hello 1":
            server.stop()
            threading.Timer(0.4, server.start).start()

    def g():
        ws = WebsocketAdapterManager(server.uri, reconnect_interval=FAST)
        status = ws.status()
        received = ws.subscribe(str, RawTextMessageMapper())
        restart(received)
        csp.add_graph_output("status", status)
        csp.add_graph_output("received", received)
        stop_after(received, 2)

    out = run(g)
    seen = codes(out["status"])
    assert seen[:2] == [WebsocketStatus.ACTIVE, WebsocketStatus.CLOSED]
    assert WebsocketStatus.CONNECTION_FAILED in seen[2:-1] and seen[-1] == WebsocketStatus.ACTIVE
    assert [v for _, v in out["received"]] == ["hello 1", "hello 2"]


def test_reconnect_backoff_doubles_up_to_the_maximum():
    port = free_port()  # nothing listens

    def g():
        ws = WebsocketAdapterManager(f"ws://127.0.0.1:{port}/", reconnect_interval=timedelta(milliseconds=50),
                                     max_reconnect_interval=timedelta(milliseconds=400))
        status = ws.status()
        csp.add_graph_output("status", status)
        stop_after(status, 6)

    out = run(g)
    times = [t for t, _ in out["status"]]
    gaps = [(b - a).total_seconds() for a, b in zip(times, times[1:])]
    assert set(codes(out["status"])) == {WebsocketStatus.CONNECTION_FAILED}
    # 50, 100, 200, 400, 400 ms (plus connection attempts). A failure reported late shortens the next gap,
    # so the lower bounds apply to the time since the first failure; the upper bounds allow for a loaded machine.
    since_first, expected_since_first = 0.0, 0.0
    for gap, expected in zip(gaps, [0.05, 0.1, 0.2, 0.4, 0.4]):
        since_first += gap
        expected_since_first += expected
        assert gap < expected + 0.3, gaps
        assert since_first >= expected_since_first * 0.9, gaps


def test_sending_while_disconnected_is_reported():
    port = free_port()

    def g():
        ws = WebsocketAdapterManager(f"ws://127.0.0.1:{port}/", reconnect_interval=timedelta(seconds=5))
        status = ws.status()
        ws.send(csp.const("lost", delay=timedelta(milliseconds=200)))
        csp.add_graph_output("status", status)
        stop_after(status, 2)

    out = run(g)
    assert codes(out["status"]) == [WebsocketStatus.CONNECTION_FAILED, WebsocketStatus.MESSAGE_SEND_FAIL]
    assert "not connected, 1 message(s) dropped" in out["status"][1][1].msg


def test_simulation_runs_do_not_connect(server):
    def g():
        ws = WebsocketAdapterManager(server.uri)
        csp.add_graph_output("received", ws.subscribe(str, RawTextMessageMapper()))
        ws.send(csp.const("x"))

    out = csp.run(g, starttime=datetime(2020, 1, 1), endtime=timedelta(seconds=1))
    assert out["received"] == [] and server.connections == 0


def test_wiring_errors_name_the_fault():
    with pytest.raises(ValueError, match="ws:// or wss://"):
        WebsocketAdapterManager("http://localhost:1/")
    with pytest.raises(ValueError, match="reconnect_interval"):
        WebsocketAdapterManager("ws://localhost:1/", reconnect_interval=timedelta(0))
    ws = WebsocketAdapterManager("ws://localhost:1/")
    with pytest.raises(TypeError, match="msg_mapper"):
        ws.subscribe(str, "json")
    with pytest.raises(ValueError, match="unknown meta fields"):
        ws.subscribe(Msg, JSONTextMessageMapper(), meta_field_map={"offset": "a"})


# ------------------------------------------------------------------ table server


def _wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"not true within {timeout} s"
        time.sleep(0.05)


def _http_json(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


async def _read_messages(url: str, count: int, timeout: float = 10.0):
    connection = await tornado.websocket.websocket_connect(url)
    messages = []
    try:
        while len(messages) < count:
            message = await asyncio.wait_for(connection.read_message(), timeout)
            assert message is not None, f"{url} closed after {messages}"
            messages.append(json.loads(message))
    finally:
        connection.close()
    return messages


def _serve_tables(port: int, seconds: float, delta_updates=False, count=60, interval=timedelta(milliseconds=50)):
    """Runs a table server graph on a thread; returns the thread (joined by the caller)."""
    def g():
        adapter = WebsocketTableAdapter(port, delta_updates=delta_updates, host="127.0.0.1")
        data = ticks(count, interval)
        table = adapter.create_table("quotes", index="sym")
        table.publish(data)
        table.publish(csp.apply(data.px, lambda px: f"{px:.1f}", str), field_map="px_text")
        adapter.create_table("log", limit=5).publish(data.n, field_map="n")

    errors = []

    def target():
        try:
            run(g, seconds)
        except BaseException as error:  # reported by the test
            errors.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.errors = errors
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            _http_json(f"http://127.0.0.1:{port}/tables")
            return thread
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.05)
    raise AssertionError(f"the table server on port {port} did not come up: {errors}")


def test_table_server_lists_tables_and_snaps_indexed_rows():
    port = free_port()
    thread = _serve_tables(port, seconds=3, count=9, interval=timedelta(milliseconds=20))
    _wait_until(lambda: max((r["n"] for r in _http_json(f"http://127.0.0.1:{port}/snap/quotes")["snap"]),
                            default=-1) == 8)  # every tick published
    tables = _http_json(f"http://127.0.0.1:{port}/tables")["tables"]
    assert tables[0] == {"name": "quotes", "index": "sym", "sub": f"ws://127.0.0.1:{port}/subscribe/quotes",
                         "schema": {"sym": "string", "px": "float", "n": "integer", "t": "datetime",
                                    "ok": "boolean", "px_text": "string"}}
    assert tables[1]["name"] == "log" and tables[1]["index"] is None
    snap = _http_json(f"http://127.0.0.1:{port}/snap/quotes")["snap"]
    assert sorted((row["sym"], row["n"], row["px_text"], row["ok"]) for row in snap) == [
        ("S0", 6, "3.0", True), ("S1", 7, "3.5", False), ("S2", 8, "4.0", True)]
    assert {row["t"] for row in snap} == {1704067206.0, 1704067207.0, 1704067208.0}
    assert [row["n"] for row in _http_json(f"http://127.0.0.1:{port}/snap/log")["snap"]] == [4, 5, 6, 7, 8]
    with pytest.raises(urllib.error.HTTPError, match="404"):
        _http_json(f"http://127.0.0.1:{port}/snap/missing")
    thread.join(10)
    assert not thread.errors


@pytest.mark.parametrize("delta_updates", [False, True])
def test_subscribers_get_a_snapshot_then_updates(delta_updates):
    port = free_port()
    thread = _serve_tables(port, seconds=4, delta_updates=delta_updates)
    _wait_until(lambda: len(_http_json(f"http://127.0.0.1:{port}/snap/quotes")["snap"]) == 3)
    first = asyncio.run(_read_messages(f"ws://127.0.0.1:{port}/subscribe/quotes", 6))
    assert first[0]["messageType"] == "snap" and [m["messageType"] for m in first[1:]] == ["upd"] * 5
    assert [m["messageID"] for m in first] == list(range(6))
    snapshot = {row["sym"]: row for row in first[0]["data"]}
    assert set(snapshot) == {"S0", "S1", "S2"}
    updates = [row for m in first[1:] for row in m["data"]]
    ns = [row["n"] for row in updates]
    assert ns == list(range(max(r["n"] for r in snapshot.values()) + 1, ns[-1] + 1))  # no gap, no repeat
    columns = {"sym", "px", "n", "t", "ok", "px_text"}
    assert all(set(row) == columns for row in updates)  # every column but sym changes at every tick
    # a second client connecting later, while the first is gone, still gets the current table
    second = asyncio.run(_read_messages(f"ws://127.0.0.1:{port}/subscribe/quotes", 2))
    assert second[0]["messageType"] == "snap" and max(r["n"] for r in second[0]["data"]) > max(ns) - 3
    thread.join(10)
    assert not thread.errors


def test_a_subscriber_dropping_its_connection_does_not_disturb_the_server():
    port = free_port()
    thread = _serve_tables(port, seconds=3)
    url = f"ws://127.0.0.1:{port}/subscribe/quotes"

    async def drop_abruptly():
        connection = await tornado.websocket.websocket_connect(url)
        assert json.loads(await asyncio.wait_for(connection.read_message(), 10))["messageType"] == "snap"
        connection.protocol.stream.close()  # no closing handshake: the server finds out when it writes

    asyncio.run(drop_abruptly())
    later = asyncio.run(_read_messages(url, 4))
    assert [m["messageType"] for m in later] == ["snap", "upd", "upd", "upd"]
    thread.join(10)
    assert not thread.is_alive() and not thread.errors


def test_delta_updates_send_only_changed_columns():
    port = free_port()

    @csp.node
    def same_but_n() -> ts[Tick]:
        with csp.alarms():
            a = csp.alarm(int)
        with csp.start():
            csp.schedule_alarm(a, timedelta(milliseconds=300), 0)
        if csp.ticked(a):
            if a < 20:
                csp.schedule_alarm(a, timedelta(milliseconds=50), a + 1)
            return Tick(sym="A", px=1.0, n=a, t=datetime(2020, 1, 1), ok=True)  # only n changes

    def g():
        adapter = WebsocketTableAdapter(port, delta_updates=True, host="127.0.0.1")
        adapter.create_table("q", index="sym").publish(same_but_n())

    thread = threading.Thread(target=lambda: run(g, 2), daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while True:
        try:
            messages = asyncio.run(_read_messages(f"ws://127.0.0.1:{port}/subscribe/q", 4))
            break
        except (ConnectionError, OSError):
            assert time.monotonic() < deadline
            time.sleep(0.05)
    thread.join(10)
    rows = [row for m in messages for row in m["data"]]  # the snapshot (maybe empty), then the updates
    assert set(rows[0]) == {"sym", "px", "n", "t", "ok"}  # a new row: all its columns
    assert len(rows) > 1 and all(set(row) == {"sym", "n"} for row in rows[1:])  # then only n changes


def test_table_wiring_errors():
    class Plain(csp.Struct):
        x: int

    def unnamed_scalar():
        WebsocketTableAdapter(free_port()).create_table("t").publish(csp.const(1))

    def missing_index():
        WebsocketTableAdapter(free_port()).create_table("t", index="sym").publish(csp.const(Plain(x=1)))

    with pytest.raises(ValueError, match="table 't': publishing a ts\\[int\\] needs field_map"):
        csp.run(unnamed_scalar, starttime=datetime(2020, 1, 1), endtime=timedelta(seconds=1))
    with pytest.raises(ValueError, match="table 't': the index column 'sym' is not published"):
        csp.run(missing_index, starttime=datetime(2020, 1, 1), endtime=timedelta(seconds=1))


# ------------------------------------------------------------------ both engines


def _program(python, *args):
    result = subprocess.run([str(python), str(PROGRAMS / "echo_and_tables.py"), *args], capture_output=True,
                            text=True, timeout=60, cwd=PROGRAMS)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_programs_print_the_same_on_both_engines(reference_with):
    reference_python = reference_with("tornado", "rapidjson")  # its websocket adapter's dependencies
    ours = _program(sys.executable, str(free_port()), str(free_port()))
    reference = _program(reference_python, str(free_port()), str(free_port()))
    assert ours == reference
    assert ours.count("\n") >= 8 and "received" in ours and "snap" in ours
