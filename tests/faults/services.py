"""Redis and PostgreSQL servers of the fault suite's own, on free ports in temporary folders, which a test may
stop, kill and start again: never the shared ones."""
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.conftest import service_missing

START_DEADLINE = 60  # seconds; generous, for a machine under load


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(ready, what: str, deadline: float = START_DEADLINE) -> None:
    end = time.monotonic() + deadline
    while not ready():
        if time.monotonic() > end:
            raise TimeoutError(f"{what} within {deadline} s")
        time.sleep(0.05)


def accepts_connections(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


class RedisServer:
    def __init__(self):
        self.binary = shutil.which("redis-server")
        if not self.binary:
            service_missing("redis-server", "not installed")
        self.port = free_port()
        self.folder = tempfile.mkdtemp(prefix="serambi-faults-redis-")
        self.process = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen([self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                         "--appendonly", "no", "--dir", self.folder], stdout=subprocess.DEVNULL)
        wait_until(lambda: accepts_connections(self.port), "Redis to accept connections")

    def stop(self) -> None:
        self.process.kill()
        self.process.wait(timeout=30)

    def close(self) -> None:
        if self.process.poll() is None:
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class PostgresServer:
    """initdb in a temporary folder, then postgres on a free port. PostgreSQL refuses to run as root: as root
    (CI), the folder belongs to the `postgres` user and every command runs as that user."""

    def __init__(self):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            service_missing("PostgreSQL server binaries", "no /usr/lib/postgresql/*/bin/initdb")
        self.bin = Path(found[-1]).parent
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="serambi-faults-pg-"))
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            account = pwd.getpwnam(self.user)
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        self._run([self.bin / "initdb", "-D", self.folder / "data", "-U", "postgres", "-A", "trust",
                   "--no-sync", "-E", "UTF8", "--locale", "C"]).check_returncode()
        self.process = None
        self.start()
        self._run([self.bin / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "serambi"]
                  ).check_returncode()

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/serambi"

    def _run(self, command: list) -> subprocess.CompletedProcess:
        return subprocess.run(list(map(str, command)), capture_output=True, cwd=self.folder, user=self.user)

    def start(self) -> None:
        self.process = subprocess.Popen(list(map(str, [
            self.bin / "postgres", "-D", self.folder / "data", "-p", self.port, "-h", "127.0.0.1", "-k", self.folder,
            "-c", "fsync=off", "-c", "max_connections=50"])), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            cwd=self.folder, user=self.user)
        wait_until(self._ready, "PostgreSQL to accept connections")

    def _ready(self) -> bool:
        return self._run([self.bin / "pg_isready", "-h", "127.0.0.1", "-p", self.port]).returncode == 0

    def stop(self) -> None:
        """A fast shutdown (SIGINT): every connection is closed, as in a restart or a failover."""
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=60)

    def close(self) -> None:
        if self.process.poll() is None:
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
