#!/usr/bin/env python3
"""A real single-node Apache Kafka broker (KRaft mode) on loopback, for tests.

Kafka's own jars come from Maven Central (``mvn dependency:copy-dependencies``)
into a cache directory that is reused between runs. One JVM acts as broker and
controller; storage lives in a temporary directory removed on stop.

As a library (pytest fixtures)::

    with KafkaBroker() as broker:
        broker.bootstrap        # "127.0.0.1:PORT"

As a command (CI, or by hand)::

    tests/servers/kafka_broker.py fetch          # download the jars only
    tests/servers/kafka_broker.py check          # start, wait until it accepts connections, stop
    tests/servers/kafka_broker.py run -- CMD ... # start, run CMD ({bootstrap} replaced by host:port), stop

Every wait is bounded; a broker that does not come up raises ``BrokerError``
with the end of its log.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

KAFKA_VERSION = "4.1.1"
SLF4J_VERSION = "2.0.17"
CACHE_DIR = Path(os.environ.get("CSP_KAFKA_JARS", Path.home() / ".cache" / "csp" / f"kafka-{KAFKA_VERSION}"))
START_TIMEOUT = 90.0
STOP_TIMEOUT = 30.0

_POM = f"""<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>csp.tests</groupId><artifactId>kafka-broker</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>{KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>{KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>{SLF4J_VERSION}</version></dependency>
  </dependencies>
</project>
"""


class BrokerError(RuntimeError):
    """The broker could not be fetched, started or stopped."""


def fetch_jars(cache_dir: Path = CACHE_DIR) -> Path:
    """The directory holding Kafka's jars, downloaded with Maven on first use."""
    marker = cache_dir / ".complete"
    if marker.exists():
        return cache_dir
    if shutil.which("mvn") is None:
        raise BrokerError("Maven (mvn) is needed to fetch Kafka's jars: apt-get install maven")
    with tempfile.TemporaryDirectory() as work:
        (Path(work) / "pom.xml").write_text(_POM)
        result = subprocess.run(
            ["mvn", "-q", "-B", "dependency:copy-dependencies", f"-DoutputDirectory={cache_dir}"],
            cwd=work, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise BrokerError(f"fetching Kafka {KAFKA_VERSION} jars failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    marker.touch()
    return cache_dir


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _accepts_connections(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class KafkaBroker:
    """One Kafka process (broker + controller) listening on 127.0.0.1.

    ``start()`` formats fresh storage, launches the JVM and returns once the
    client port accepts connections (at most ``START_TIMEOUT`` seconds).
    ``stop()`` terminates it (killing it after ``STOP_TIMEOUT``) and removes
    its storage. Not thread-safe; one instance per broker.
    """

    def __init__(self, jars: Path | None = None, partitions: int = 1):
        self._jars = jars
        self._partitions = partitions
        self._process: subprocess.Popen | None = None
        self._workdir: Path | None = None
        self.port = 0
        self.controller_port = 0

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def log_file(self) -> Path:
        assert self._workdir is not None
        return self._workdir / "broker.log"

    def start(self) -> "KafkaBroker":
        jars = self._jars or fetch_jars()
        self._workdir = Path(tempfile.mkdtemp(prefix="csp-kafka-"))
        self.port, self.controller_port = _free_port(), _free_port()
        config = self._write_config()
        classpath = f"{jars}/*"
        cluster_id = uuid.uuid4().hex[:22]
        formatted = subprocess.run(
            ["java", "-cp", classpath, "kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", str(config)],
            capture_output=True, text=True, timeout=120)
        if formatted.returncode != 0:
            raise BrokerError(f"formatting Kafka storage failed:\n{formatted.stdout}{formatted.stderr}")
        self._classpath, self._config = classpath, config
        self._launch()
        return self

    def kill(self) -> None:
        """Kills the JVM (SIGKILL, no clean shutdown); its storage stays for restart()."""
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=STOP_TIMEOUT)
            self._process = None

    def restart(self) -> None:
        """Starts the broker again on the same ports and storage (after kill())."""
        self.kill()
        self._launch()

    def _launch(self) -> None:
        log = open(self.log_file, "a")
        self._process = subprocess.Popen(
            ["java", "-Xmx512m", "-cp", self._classpath, "kafka.Kafka", str(self._config)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        self._wait_until_ready()

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=STOP_TIMEOUT)
            self._process = None
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def __enter__(self) -> "KafkaBroker":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _write_config(self) -> Path:
        settings = {
            "process.roles": "broker,controller",
            "node.id": "1",
            "controller.quorum.voters": f"1@127.0.0.1:{self.controller_port}",
            "listeners": f"PLAINTEXT://127.0.0.1:{self.port},CONTROLLER://127.0.0.1:{self.controller_port}",
            "advertised.listeners": f"PLAINTEXT://127.0.0.1:{self.port}",
            "controller.listener.names": "CONTROLLER",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs": str(self._workdir / "data"),
            "num.partitions": str(self._partitions),
            "offsets.topic.replication.factor": "1",
            "transaction.state.log.replication.factor": "1",
            "transaction.state.log.min.isr": "1",
            "group.initial.rebalance.delay.ms": "0",
        }
        path = self._workdir / "server.properties"
        path.write_text("".join(f"{key}={value}\n" for key, value in settings.items()))
        return path

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise BrokerError(f"Kafka exited with status {self._process.returncode}:\n{self._log_tail()}")
            if _accepts_connections(self.port):
                return
            time.sleep(0.2)
        self.stop_after_failure()
        raise BrokerError(f"Kafka did not accept connections on {self.bootstrap} within {START_TIMEOUT:.0f} s")

    def stop_after_failure(self) -> None:
        tail = self._log_tail()
        self.stop()
        print(tail, file=sys.stderr)

    def _log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_file.read_text().splitlines()[-lines:])
        except OSError:
            return "(no log)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["fetch", "check", "run"])
    parser.add_argument("command", nargs="*", help="run: the command, with {bootstrap} for the broker's address")
    args = parser.parse_args()
    print(f"Kafka jars: {fetch_jars()}", flush=True)
    if args.action == "run":
        if not args.command:
            parser.error("run needs a command")
        with KafkaBroker() as broker:
            command = [part.replace("{bootstrap}", broker.bootstrap) for part in args.command]
            return subprocess.run(command, timeout=600).returncode
    if args.action == "check":
        started = time.monotonic()
        with KafkaBroker() as broker:
            print(f"Kafka {KAFKA_VERSION} accepted connections on {broker.bootstrap} "
                  f"after {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
