#!/usr/bin/env python3
"""Kafka throughput, our csp vs the reference csp, on one real broker in the same run.

    benchmarks/kafka_throughput.py [--messages 200000] [--repeat 3]

Starts a Kafka broker (tests/servers/kafka_broker.py), then for each
repetition and each engine (interleaved, each run in its own process:
``python3`` for ours, ``.venv-ref/bin/python`` for the reference):

* publish: a graph publishes N JSON structs to a fresh (created) topic; the run ends
  when the producer has flushed (every message acknowledged). The topic is
  then read back with our C++ client and its message count checked.
* consume: a graph subscribes (EARLIEST, key "k") to a topic holding N JSON
  messages and stops at the N-th tick; the sum of a field is checked equal
  between engines.

Prints messages per second (median over the repetitions) and the ratio.
"""

import argparse
import json
import statistics
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "servers"))

from kafka_broker import KafkaBroker  # noqa: E402

WORKLOAD = ROOT / "benchmarks" / "kafka_workload.py"
ENGINES = {"ours": sys.executable, "reference": str(ROOT / ".venv-ref" / "bin" / "python")}


def run(python, *args):
    result = subprocess.run([python, str(WORKLOAD), *map(str, args)], capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        raise RuntimeError(f"{python} {args[0]} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def create_topic(broker, topic):
    """Creates `topic` (the broker auto-creates it on a metadata request) so no run pays for its creation."""
    from csp import _kafka

    consumer = _kafka.KafkaConsumer(broker, "", {"log_level": "0"}, 10_000)
    consumer.assign([topic], "LATEST", 0)
    consumer.close()


def count_messages(broker, topic, expected):
    from csp import _kafka

    consumer = _kafka.KafkaConsumer(broker, "", {"log_level": "0"}, 10_000)
    consumer.assign([topic], "EARLIEST", 0)
    seen = 0
    for _ in range(600):
        seen += len(consumer.poll(100_000, 100))
        if seen >= expected:
            break
    consumer.close()
    return seen


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    n = args.messages
    times = {(kind, engine): [] for kind in ("publish", "consume") for engine in ENGINES}
    with KafkaBroker() as broker:
        source = f"bench-{uuid.uuid4().hex[:8]}"
        create_topic(broker.bootstrap, source)
        run(ENGINES["ours"], "publish", broker.bootstrap, source, n)  # the topic every consume run reads
        checksums = set()
        for rep in range(args.repeat):
            order = list(ENGINES) if rep % 2 == 0 else list(reversed(ENGINES))
            for engine in order:
                topic = f"bench-{engine}-{uuid.uuid4().hex[:8]}"
                create_topic(broker.bootstrap, topic)
                result = run(ENGINES[engine], "publish", broker.bootstrap, topic, n)
                got = count_messages(broker.bootstrap, topic, n)
                if got != n:
                    raise RuntimeError(f"{engine} publish: {got} of {n} messages in the topic")
                times[("publish", engine)].append(result["seconds"])
                result = run(ENGINES[engine], "consume", broker.bootstrap, source, n)
                checksums.add(result["checksum"])
                times[("consume", engine)].append(result["seconds"])
        if len(checksums) != 1:
            raise RuntimeError(f"consume checksums differ between runs: {checksums}")
    print(f"Kafka throughput, {n:,} JSON messages of a 3-field struct, {args.repeat} repetitions, medians")
    print("| direction | ours (msg/s) | reference (msg/s) | ratio |")
    print("| --- | --- | --- | --- |")
    for kind in ("consume", "publish"):
        ours = n / statistics.median(times[(kind, "ours")])
        ref = n / statistics.median(times[(kind, "reference")])
        print(f"| {kind} | {ours:,.0f} | {ref:,.0f} | {ours / ref:.2f}x |")


if __name__ == "__main__":
    main()
