#!/usr/bin/env python3
"""A real PostgreSQL server (Debian's ``postgresql`` package) on loopback, for tests.

Each server is a fresh cluster: ``initdb`` into a temporary directory, then
``pg_ctl start`` listening on 127.0.0.1 at a free port, with its Unix socket in
that directory and trust authentication for the superuser ``csp``. initdb
refuses to run as root, so as root the cluster is owned by and run as the
``postgres`` system user (``runuser``). ``stop()`` shuts it down and removes the
directory. Clusters left by a process that died before stopping them are
reaped when the next one starts.

As a library (pytest fixtures)::

    with PostgresServer() as server:
        server.url              # "postgresql+psycopg2://csp@127.0.0.1:PORT/postgres"

As a command (CI, or by hand)::

    tests/servers/postgres_server.py check          # start, wait until it accepts connections, stop
    tests/servers/postgres_server.py run -- CMD ... # start, run CMD ({url} replaced by the URL), stop

Every wait is bounded; a server that does not come up raises ``ServerError``
with the end of its log. Missing binaries raise ``ServerError`` naming the
package to install.
"""

from __future__ import annotations

import argparse
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

START_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0
USER = "csp"
RUN_AS = "postgres"  # the system user that owns the cluster when we are root
PREFIX = "csp-postgres-"  # temporary directories of clusters, each with the pid of the process that started it
OWNER_FILE = "owner.pid"


class ServerError(RuntimeError):
    """The server could not be found, started or stopped."""


def binaries() -> Path:
    """The directory of initdb / pg_ctl: $CSP_PG_BIN, else Debian's newest /usr/lib/postgresql/N/bin, else PATH."""
    candidates = [os.environ.get("CSP_PG_BIN", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True)
    which = shutil.which("initdb")
    candidates.append(str(Path(which).parent) if which else "")
    for directory in filter(None, candidates):
        if (Path(directory) / "initdb").exists() and (Path(directory) / "pg_ctl").exists():
            return Path(directory)
    raise ServerError("PostgreSQL's initdb and pg_ctl were not found: apt-get install postgresql "
                      "(or set CSP_PG_BIN to their directory)")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reap_orphans(bin_dir: Path) -> None:
    """Stops and removes the clusters whose owning process is gone (a test run killed before its teardown)."""
    for workdir in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        try:
            owner = int((workdir / OWNER_FILE).read_text())
        except (OSError, ValueError):
            continue
        if _alive(owner):
            continue
        if (workdir / "data" / "postmaster.pid").exists():
            command = [str(bin_dir / "pg_ctl"), "-D", str(workdir / "data"), "-m", "immediate", "-w", "stop"]
            if os.geteuid() == 0:
                command = ["runuser", "-u", RUN_AS, "--", *command]
            subprocess.run(command, capture_output=True, timeout=STOP_TIMEOUT, stdin=subprocess.DEVNULL)
        shutil.rmtree(workdir, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """One PostgreSQL cluster on 127.0.0.1; see the module docstring. One instance per server."""

    def __init__(self) -> None:
        self._bin: Path | None = None
        self._workdir: Path | None = None
        self._running = False
        self.port = 0

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the ``postgres`` database (psycopg2 driver)."""
        return f"postgresql+psycopg2://{USER}@127.0.0.1:{self.port}/postgres"

    @property
    def data_dir(self) -> Path:
        assert self._workdir is not None
        return self._workdir / "data"

    @property
    def log_file(self) -> Path:
        assert self._workdir is not None
        return self._workdir / "server.log"

    def start(self) -> "PostgresServer":
        self._bin = binaries()
        reap_orphans(self._bin)
        self._workdir = Path(tempfile.mkdtemp(prefix=PREFIX))
        (self._workdir / OWNER_FILE).write_text(str(os.getpid()))
        if os.geteuid() == 0:
            user = pwd.getpwnam(RUN_AS)
            os.chown(self._workdir, user.pw_uid, user.pw_gid)
        self.port = _free_port()
        self._pg("initdb", "-D", str(self.data_dir), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-sync",
                 timeout=120)
        self._launch()
        return self

    def _launch(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self._workdir} -c fsync=off"
        self._pg("pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_file), "-o", options, "-w",
                 "-t", str(int(START_TIMEOUT)), "start", timeout=START_TIMEOUT + 10)
        self._running = True
        self._wait_until_ready()

    def stop(self, mode: str = "fast", remove: bool = True) -> None:
        """Shuts the server down (``mode``: pg_ctl's smart, fast or immediate); ``remove`` deletes the cluster."""
        if self._running:
            try:
                self._pg("pg_ctl", "-D", str(self.data_dir), "-m", mode, "-w", "-t", str(int(STOP_TIMEOUT)), "stop",
                         timeout=STOP_TIMEOUT + 10)
            except ServerError:
                self._pg("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop", timeout=STOP_TIMEOUT)
            self._running = False
        if remove and self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def restart(self) -> None:
        """Starts the cluster again on the same port and data (after ``stop(remove=False)``)."""
        self._launch()

    def __enter__(self) -> "PostgresServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _pg(self, program: str, *args: str, timeout: float) -> str:
        command = [str(self._bin / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", RUN_AS, "--", *command]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=self._workdir,
                                    stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ServerError(f"{program} did not finish within {timeout:.0f} s:\n{self._log_tail()}") from None
        if result.returncode != 0:
            raise ServerError(f"{program} failed (status {result.returncode}):\n{result.stdout}{result.stderr}"
                              f"\n{self._log_tail()}")
        return result.stdout

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise ServerError(f"PostgreSQL did not accept connections on port {self.port} within {START_TIMEOUT:.0f} s:"
                          f"\n{self._log_tail()}")

    def _log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_file.read_text().splitlines()[-lines:])
        except (OSError, AssertionError):
            return "(no log)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["check", "run"])
    parser.add_argument("command", nargs="*", help="run: the command, with {url} for the server's SQLAlchemy URL")
    args = parser.parse_args()
    if args.action == "run":
        if not args.command:
            parser.error("run needs a command")
        with PostgresServer() as server:
            return subprocess.run([part.replace("{url}", server.url) for part in args.command], timeout=600).returncode
    started = time.monotonic()
    with PostgresServer() as server:
        print(f"PostgreSQL ({server._bin}) accepted connections on port {server.port} "
              f"after {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
