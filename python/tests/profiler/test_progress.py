"""csp.run(progress=...): a tqdm bar of engine time, shown by default only for simulations on a terminal."""

import io
import sys
from datetime import datetime, timedelta

import pytest

import csp
from csp.impl import progress

START = datetime(2022, 1, 1)


def minutes():
    csp.add_graph_output("n", csp.count(csp.timer(timedelta(minutes=1))))


def test_a_simulation_shows_engine_time_up_to_the_end(capsys):
    result = csp.run(minutes, starttime=START, endtime=timedelta(days=1), progress=True)
    assert len(result["n"]) == 1440
    err = capsys.readouterr().err
    assert "csp" in err and "100%" in err
    assert "1,440 cycles" in err and "2022-01-02 00:00:00" in err


def test_no_bar_when_off_or_when_stderr_is_no_terminal(capsys):
    csp.run(minutes, starttime=START, endtime=timedelta(hours=1), progress=False)
    csp.run(minutes, starttime=START, endtime=timedelta(hours=1))  # stderr is captured: not a terminal
    assert capsys.readouterr().err == ""


def test_an_open_ended_run_shows_engine_time_without_a_total(capsys):
    def ten_ticks():
        csp.add_graph_output("c", csp.curve(int, [(timedelta(hours=i), i) for i in range(10)]))

    csp.run(ten_ticks, starttime=START, progress=True)  # ends when the curve runs out
    err = capsys.readouterr().err
    assert "engine s" in err and "%" not in err and "10 cycles" in err


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_defaults(monkeypatch):
    monkeypatch.setattr(sys, "stderr", _Terminal())
    assert progress.wanted(None, realtime=False)
    assert not progress.wanted(None, realtime=True)  # realtime runs show nothing by default
    assert progress.wanted(True, realtime=True)
    assert not progress.wanted(False, realtime=False)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert not progress.wanted(None, realtime=False)


def test_a_realtime_run_can_show_progress(capsys):
    csp.run(minutes, realtime=True, endtime=timedelta(milliseconds=300), progress=True)
    assert "engine s" in capsys.readouterr().err


def test_a_failing_run_closes_its_bar(capsys):
    @csp.node
    def fails(x: csp.ts[int]) -> csp.ts[int]:
        if x == 3:
            raise ValueError("three")
        return x

    with pytest.raises(ValueError, match="three"):
        csp.run(lambda: csp.add_graph_output("f", fails(csp.count(csp.timer(timedelta(minutes=1))))),
                starttime=START, endtime=timedelta(hours=1), progress=True)
    assert "csp" in capsys.readouterr().err


def test_a_display_that_fails_stops_and_the_run_goes_on(monkeypatch):
    class GoneTerminal:  # a tqdm whose stream fails
        def __init__(self, **kwargs):
            self.total, self.n, self.format_dict = kwargs.get("total"), 0, {}

        def set_postfix_str(self, *args, **kwargs):
            raise OSError("the terminal is gone")

        def close(self):
            raise OSError("the terminal is gone")

    attach = progress.attach
    monkeypatch.setattr(progress, "attach", lambda *args: attach(*args, tqdm_class=GoneTerminal))
    result = csp.run(minutes, starttime=START, endtime=timedelta(hours=1), progress=True)
    assert len(result["n"]) == 60
