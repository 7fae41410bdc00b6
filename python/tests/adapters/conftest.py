"""Fixtures of the adapter tests that need real servers (tests/servers)."""

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tests" / "servers"))


@pytest.fixture(scope="session")
def kafka_broker():
    """A real Apache Kafka broker (KRaft, loopback) for the session: its 'host:port'; stopped at the end."""
    from kafka_broker import KafkaBroker

    if shutil.which("java") is None:
        pytest.skip("the Kafka tests need Java (apt-get install openjdk-17-jre-headless)")
    broker = KafkaBroker(partitions=1).start()
    try:
        yield broker.bootstrap
    finally:
        broker.stop()


@pytest.fixture(scope="session")
def kafka_broker_4_partitions():
    """A second broker whose topics get 4 partitions."""
    from kafka_broker import KafkaBroker

    if shutil.which("java") is None:
        pytest.skip("the Kafka tests need Java (apt-get install openjdk-17-jre-headless)")
    broker = KafkaBroker(partitions=4).start()
    try:
        yield broker.bootstrap
    finally:
        broker.stop()
