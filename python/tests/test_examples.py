"""The seed's examples (examples/python/) run unchanged and print what the reference prints."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "python"
TIMESTAMP = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?"

EXPECTED = {
    "spread.py": ["2022-01-01 00:00:00 bid:4.0", "2022-01-01 00:00:00 ask:6.0", "2022-01-01 00:00:00 spread:2.0"],
    "pig_latin.py": ["2022-01-01 00:00:00 Pig Latin:ellohay", "2022-01-01 00:00:00 Pig Latin:orldway"],
    # realtime first (wall-clock time), then simulation
    "hello_world.py": [re.compile(TIMESTAMP + " Message:Hello World"), "2022-01-01 00:00:00 Message:Hello World"],
}


@pytest.mark.parametrize("script", sorted(EXPECTED))
def test_example_prints_the_seed_output(script):
    proc = subprocess.run([sys.executable, "-W", "ignore", str(EXAMPLES / script)], capture_output=True, text=True,
                          timeout=120, check=True)
    lines = proc.stdout.splitlines()
    assert len(lines) == len(EXPECTED[script]), proc.stdout
    for line, expected in zip(lines, EXPECTED[script]):
        if isinstance(expected, re.Pattern):
            assert expected.fullmatch(line), line
        else:
            assert line == expected


def test_market_demo_runs_on_history_then_live():
    proc = subprocess.run([sys.executable, "-W", "ignore", str(EXAMPLES / "market_demo.py")], capture_output=True,
                          text=True, timeout=120, check=True)
    history, live = proc.stdout.split("== realtime")
    # one summary per symbol every 10 minutes of the hour of history
    assert history.count("summary:") == 6 * 3
    assert "2024-01-02 15:30:00 summary:IBM" in history and "spread=" in history
    assert live.count("summary:") >= 3  # a report per symbol each second of the live run


def test_parallel_backtest_sweeps_eight_shards_on_a_local_cluster():
    proc = subprocess.run([sys.executable, "-W", "ignore", str(EXAMPLES / "parallel_backtest.py"), "--minutes", "20"],
                          capture_output=True, text=True, timeout=180, check=True)
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("== 8 backtests of 20 minutes on 2 workers")
    rows = [line.split() for line in lines[2:10]]
    assert sorted((int(r[0]), float(r[1])) for r in rows) == [(w, t) for w in (25, 50, 100, 200) for t in (1.0, 2.0)]
    pnls = [float(r[2]) for r in rows]
    assert pnls == sorted(pnls, reverse=True)
    assert lines[10].endswith("the same books as a serial csp.run: True")
