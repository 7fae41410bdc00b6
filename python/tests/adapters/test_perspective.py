"""Perspective adapter: tables filled by a running graph (realtime and playback), read by Perspective clients
over the adapter's websocket and shown by the live dashboard example in headless Chromium."""

import asyncio
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

import perspective
import pytest
import tornado.websocket
from browser import browser_available, open_page
from live_table_helpers import ticks
from websocket_server import free_port

import csp
from csp.adapters.perspective import PerspectiveAdapter

ROOT = Path(__file__).resolve().parents[3]
DASHBOARD = ROOT / "examples" / "python" / "live_dashboard.py"


def tables_graph(adapter: PerspectiveAdapter, count: int, interval: timedelta):
    data = ticks(count, interval)
    latest = adapter.create_table("latest", index="sym")
    latest.publish(data)
    latest.publish(csp.apply(data.n, lambda n: f"#{n}", str), field_map="label")
    adapter.create_table("recent", limit=4).publish(data, field_map={"n": "number", "px": "price"})
    adapter.create_table("all").publish(data.n, field_map="n")


def rows(adapter: PerspectiveAdapter, name: str):
    return adapter.client().open_table(name).view().to_records()


def test_realtime_tables_indexed_limited_and_appended():
    adapter = PerspectiveAdapter(free_port(), throttle=timedelta(milliseconds=50))
    csp.run(tables_graph, adapter, 30, timedelta(milliseconds=10), starttime=datetime.utcnow(),
            endtime=timedelta(seconds=2.5), realtime=True)
    latest = sorted(rows(adapter, "latest"), key=lambda r: r["sym"])
    assert [(r["sym"], r["n"], r["px"], r["label"], r["ok"]) for r in latest] == [
        ("S0", 27, 13.5, "#27", False), ("S1", 28, 14.0, "#28", True), ("S2", 29, 14.5, "#29", False)]
    assert latest[0]["t"] == (datetime(2024, 1, 1, 0, 0, 27) - datetime(1970, 1, 1)) // timedelta(milliseconds=1)
    assert [(r["number"], r["price"]) for r in rows(adapter, "recent")] == [(26, 13.0), (27, 13.5), (28, 14.0),
                                                                           (29, 14.5)]
    assert [r["n"] for r in rows(adapter, "all")] == list(range(30))
    table = adapter.client().open_table("latest")
    assert table.get_index() == "sym" and table.schema() == {"sym": "string", "px": "float", "n": "integer",
                                                            "t": "datetime", "ok": "boolean", "label": "string"}


def test_playback_fills_the_tables_in_engine_time_order():
    adapter = PerspectiveAdapter(free_port())
    count = 25_000  # more than one batch of playback rows
    csp.run(tables_graph, adapter, count, timedelta(seconds=1), starttime=datetime(2024, 1, 1),
            endtime=timedelta(days=1))
    assert [r["n"] for r in rows(adapter, "all")] == list(range(count))
    assert sorted(r["n"] for r in rows(adapter, "latest")) == [count - 3, count - 2, count - 1]
    assert [r["number"] for r in rows(adapter, "recent")] == list(range(count - 4, count))


async def _remote_rows(port: int, name: str, want: int, timeout: float = 10.0):
    """Rows of table ``name`` read by a Perspective client over the adapter's websocket, once it has ``want``."""
    connection = await tornado.websocket.websocket_connect(f"ws://127.0.0.1:{port}/websocket")

    async def send(message):
        await connection.write_message(bytes(message), binary=True)

    client = perspective.AsyncClient(send)

    async def pump():
        while (message := await connection.read_message()) is not None:
            await client.handle_response(message)

    reader = asyncio.ensure_future(pump())
    try:
        names = await client.get_hosted_table_names()
        table = await client.open_table(name)
        view = await table.view()
        deadline = time.monotonic() + timeout
        while (records := await view.to_records()) and len(records) < want or not records:
            assert time.monotonic() < deadline, f"table {name!r} has {records} after {timeout} s"
            await asyncio.sleep(0.05)
        return sorted(names), records
    finally:
        reader.cancel()
        connection.close()


def test_a_remote_client_reads_the_live_tables_over_the_websocket():
    port = free_port()
    adapter = PerspectiveAdapter(port, throttle=timedelta(milliseconds=50))
    errors = []

    def run():
        try:
            csp.run(tables_graph, adapter, 1000, timedelta(milliseconds=5), starttime=datetime.utcnow(),
                    endtime=timedelta(seconds=4), realtime=True)
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    _wait_for_http(f"http://127.0.0.1:{port}/")
    names, first = asyncio.run(_remote_rows(port, "all", 20))
    _, later = asyncio.run(_remote_rows(port, "all", len(first) + 50))
    thread.join(10)
    assert not errors
    assert names == ["all", "latest", "recent"]
    assert [r["n"] for r in later[:len(first)]] == [r["n"] for r in first]  # the table grows while the graph runs
    assert [r["n"] for r in later] == list(range(len(later)))


def _wait_for_http(url: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise AssertionError(f"{url} did not answer within {timeout} s") from None
            time.sleep(0.1)


def test_wiring_errors_name_the_table():
    class Plain(csp.Struct):
        x: int

    def no_column(adapter):
        adapter.create_table("t").publish(csp.const(1.0))

    def bad_field(adapter):
        adapter.create_table("t").publish(csp.const(Plain(x=1)), field_map={"y": "y"})

    with pytest.raises(ValueError, match="table 't': publishing a ts\\[float\\] needs field_map"):
        csp.run(no_column, PerspectiveAdapter(free_port()), starttime=datetime(2024, 1, 1), endtime=timedelta(1))
    with pytest.raises(ValueError, match="table 't': Plain has no field\\(s\\) \\['y'\\]"):
        csp.run(bad_field, PerspectiveAdapter(free_port()), starttime=datetime(2024, 1, 1), endtime=timedelta(1))
    with pytest.raises(ValueError, match="both an index and a limit"):
        csp.run(lambda: PerspectiveAdapter(free_port()).create_table("t", index="x", limit=3),
                starttime=datetime(2024, 1, 1), endtime=timedelta(1))


@pytest.mark.skipif(browser_available() is not None, reason=str(browser_available()))
def test_live_dashboard_in_headless_chromium():
    port = free_port()
    process = subprocess.Popen([sys.executable, str(DASHBOARD), "--port", str(port), "--seconds", "60",
                                "--throttle-ms", "100"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_http(f"http://127.0.0.1:{port}/")
        page = open_page(f"http://127.0.0.1:{port}/?table=quotes", selector="perspective-viewer",
                         wait_for_function="document.body.dataset.state === 'loaded'",
                         wait_for_text=["AAPL", "MSFT", "IBM", "NVDA"], timeout=30, screenshot="live_dashboard")
        text = page.text.split("\n")
        for column in ("symbol", "bid", "ask", "updates", "mid"):
            assert column in text, text
        assert page.screenshot.exists() and page.screenshot.stat().st_size > 10_000
        assert page.console_errors == []
        for table, expected in (("stats", "mean_mid"), ("trades", "price")):
            other = open_page(f"http://127.0.0.1:{port}/?table={table}", selector="perspective-viewer",
                              wait_for_function="document.body.dataset.state === 'loaded'",
                              wait_for_text=[expected, "AAPL"], timeout=30)
            assert expected in other.text.split("\n")
        assert process.poll() is None, process.stderr.read()
    finally:
        process.terminate()
        process.wait(10)
