"""Fixtures of the adapter tests that need real servers (tests/servers)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tests" / "servers"))


@pytest.fixture
def reference_with():
    """reference_with("tornado", ...): the reference csp's python (.venv-ref) once it imports those
    modules (none: just the venv); the test is skipped, naming what is missing, when there is no such
    venv or it lacks them."""

    def python_importing(*modules: str) -> Path:
        python = ROOT / ".venv-ref" / "bin" / "python"
        if not python.exists():
            pytest.skip("the reference csp is not installed in .venv-ref")
        if not modules:
            return python
        probe = subprocess.run([str(python), "-c", "import " + ", ".join(modules)], capture_output=True, text=True)
        if probe.returncode != 0:
            last_line = (probe.stderr.strip().splitlines() or ["?"])[-1]
            pytest.skip(f"the reference's venv cannot import {', '.join(modules)}: {last_line}")
        return python

    return python_importing


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
