"""Profiler(http_port=...): the live page and its JSON while a graph runs, in a real headless Chromium."""

import json
import socket
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta

import pytest
from browser import browser_available, open_page

import csp
from csp import profiler, ts


@csp.node
def paced(x: ts[int]) -> ts[int]:
    time.sleep(0.001)
    return x


def ticking():
    csp.add_graph_output("p", paced(csp.count(csp.timer(timedelta(milliseconds=5)))))


def get(port, path="/"):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        return response.read().decode(), response.headers["Content-Type"]


def wait_for_cycles(port, count, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = json.loads(get(port, "/?format=json")[0])
        if (data["cycle_count"] or 0) >= count:
            return data
        time.sleep(0.05)
    raise AssertionError(f"fewer than {count} cycles after {timeout} s")


def test_json_while_a_realtime_graph_runs_and_after():
    with profiler.Profiler(http_port=0) as p:
        runner = csp.run_on_thread(ticking, realtime=True, endtime=timedelta(seconds=60))
        during = wait_for_cycles(p.http_port, 5)
        assert during["running"] is True
        assert during["node_stats"]["paced"]["executions"] == during["node_stats"]["count"]["executions"]
        assert during["memory"]["rss_bytes"] > 0 and during["memory"]["object_counts"]
        assert during["graph_info"]["nodetype_counts"]["csp.timer"] == 1
        runner.stop_engine()
        runner.join(30)
        after = json.loads(get(p.http_port, "/?format=json")[0])
        assert after["running"] is False and after["cycle_count"] >= during["cycle_count"]
        assert after["cycle_count"] == p.results().cycle_count


def test_the_page_is_html_and_unknown_paths_are_404():
    with profiler.Profiler(http_port=0, display_graphs=True) as p:
        csp.run(ticking, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
        page, content_type = get(p.http_port)
        assert content_type.startswith("text/html")
        assert 'id="node-stats"' in page and "paced" in page and 'id="node-chart"' in page
        with pytest.raises(urllib.error.HTTPError) as error:
            get(p.http_port, "/nothing")
        assert error.value.code == 404
        port = p.http_port
    assert p.http_port is None
    with pytest.raises(OSError):
        get(port)  # closed with the block


def test_a_busy_port_is_named():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(OSError, match=f"127.0.0.1:{port}"):
            with profiler.Profiler(http_port=port):
                pass


def test_a_simulation_of_cpp_nodes_can_be_watched_while_it_runs():
    def chain():  # C++ nodes only: the simulation holds the GIL but for what it lends the page's thread
        x = csp.count(csp.timer(timedelta(milliseconds=1)))
        for _ in range(20):
            x = x + 1
        csp.add_graph_output("x", x, tick_count=1)

    with profiler.Profiler(http_port=0) as p:
        runner = csp.run_on_thread(chain, starttime=datetime(2022, 1, 1), endtime=timedelta(hours=2))
        data = wait_for_cycles(p.http_port, 3)
        runner.stop_engine()
        runner.join(60)
    assert data["running"] is True and data["cycle_count"] < 7_200_000
    assert data["node_stats"]["_binary_op"]["executions"] >= 20 * (data["cycle_count"] - 1)


@pytest.mark.skipif(browser_available() is not None, reason=str(browser_available()))
def test_the_live_page_in_headless_chromium():
    with profiler.Profiler(http_port=0, display_graphs=True) as p:
        runner = csp.run_on_thread(ticking, realtime=True, endtime=timedelta(seconds=60))
        wait_for_cycles(p.http_port, 5)
        page = open_page(f"http://127.0.0.1:{p.http_port}/", wait_for_selector="#node-stats",
                         wait_for_text=["paced", "running", "Resident set"], selector="body",
                         screenshot="profiler_live_page")
        runner.stop_engine()
        runner.join(30)
    assert page.console_errors == []
    assert "Node types" in page.text and "Python objects by type" in page.text
    assert page.screenshot is not None and page.screenshot.stat().st_size > 1000
    assert '<svg id="node-chart"' in page.html
