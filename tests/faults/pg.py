"""A private PostgreSQL cluster made by the test itself: initdb in a temporary folder, its own
free port on 127.0.0.1, started and stopped with pg_ctl. Never the machine's shared server.

initdb refuses to run as root; under root (CI) the cluster belongs to a system user
`cocreate-test`, created with useradd when missing, and every pg_ctl call goes through runuser.
"""

import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import psycopg

from tests.security.processes import free_port

SYSTEM_USER = "cocreate-test"


def _bindir() -> Path:
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
    )
    if not candidates:
        raise RuntimeError("PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin")
    return Path(candidates[-1])


def _ensure_system_user() -> None:
    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                SYSTEM_USER,
            ],
            check=True,
        )


class PrivateCluster:
    def __init__(self) -> None:
        self.bindir = _bindir()
        self.base = Path(tempfile.mkdtemp(prefix="cocreate-pg-"))
        self.base.chmod(0o755)
        self.datadir = self.base / "data"
        self.logfile = self.base / "postgres.log"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        self._frozen: list[int] = []

    # --- helpers ---------------------------------------------------------------------------
    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", SYSTEM_USER, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check, timeout=120)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _libpq(self, database: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={database}"

    # --- life cycle -------------------------------------------------------------------------
    def init(self) -> None:
        if self.as_root:
            _ensure_system_user()
            shutil.chown(self.base, SYSTEM_USER, SYSTEM_USER)
        self._run(
            "initdb",
            "-D",
            str(self.datadir),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.base} "
            "-c max_connections=200 -c shared_buffers=32MB"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.datadir),
            "-l",
            str(self.logfile),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )
        self.wait_ready()

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.datadir), "-m", mode, "-w", "-t", "60", "stop")

    def is_running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.datadir), "status", check=False).returncode == 0

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with psycopg.connect(self._libpq(), connect_timeout=2) as conn:
                    conn.execute("SELECT 1")
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def create_database(self, name: str) -> str:
        with psycopg.connect(self._libpq(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    # --- a server that accepts connections and never answers ----------------------------
    def _processes(self) -> list[int]:
        """The postmaster and its children. Each child is a session leader of its own, so a
        signal to the postmaster's process group would reach the postmaster alone."""
        postmaster = int((self.datadir / "postmaster.pid").read_text().split()[0])
        children = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == postmaster:
                children.append(int(entry))
        return [postmaster, *children]

    def freeze(self) -> None:
        """SIGSTOP the whole cluster, as a frozen host: the kernel still accepts connections
        and acknowledges what is sent, nothing answers. The postmaster first, so it forks no
        child that would be missed."""
        postmaster, *_ = self._processes()
        os.kill(postmaster, signal.SIGSTOP)
        self._frozen = self._processes()
        for pid in self._frozen[1:]:
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        for pid in reversed(self._frozen):
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)
        self._frozen = []

    @contextmanager
    def frozen(self) -> Iterator[None]:
        self.freeze()
        try:
            yield
        finally:
            self.thaw()

    def destroy(self) -> None:
        self.thaw()
        if self.datadir.exists() and self.is_running():
            self.stop("immediate")
        shutil.rmtree(self.base, ignore_errors=True)
