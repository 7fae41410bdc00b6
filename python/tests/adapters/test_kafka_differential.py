"""The same Kafka programs on our csp and on the reference csp, against the same broker, print the same.

The reference csp lives in .venv-ref at the repository root (absent: these tests are skipped).
"""

import subprocess
import sys
from pathlib import Path

from kafka_helpers import consume_all, new_topic

PROGRAMS = Path(__file__).parent / "kafka_programs"


def _run(python, program, *args):
    result = subprocess.run([str(python), str(PROGRAMS / program), *args], capture_output=True, text=True,
                            timeout=120, cwd=PROGRAMS)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_round_trip_prints_the_same_on_both_engines(kafka_broker, reference_with):
    ours = _run(sys.executable, "round_trip.py", kafka_broker, new_topic("ours"))
    reference = _run(reference_with(), "round_trip.py", kafka_broker, new_topic("reference"))
    assert ours == reference
    assert ours.count("\n") == 9  # 3 keyed, 4 wildcard, 1 raw, 1 status: nothing silently missing


def test_published_messages_are_byte_identical_on_both_engines(kafka_broker, reference_with):
    """Keys and JSON bytes (floats, escapes, UTF-8, unset fields, field maps, keys from fields) as the reference."""
    prefixes = {"ours": new_topic("ours"), "reference": new_topic("reference")}
    for python, engine in ((sys.executable, "ours"), (reference_with(), "reference")):
        assert _run(python, "publish_json.py", kafka_broker, prefixes[engine]) == "published 29\n"  # no status
    for suffix, count in (("plain", 29), ("mapped", 29), ("keyed", 29), ("nested", 5), ("text", 11)):
        ours = consume_all(kafka_broker, f"{prefixes['ours']}-{suffix}", count)
        reference = consume_all(kafka_broker, f"{prefixes['reference']}-{suffix}", count)
        assert len(ours) == count, suffix
        assert ours == reference, suffix
