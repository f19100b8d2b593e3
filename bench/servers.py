"""Processes the benchmark starts and stops itself, all on 127.0.0.1: a private Redis, gunicorn
with the app (gunicorn.conf.py, 2 workers) and gunicorn with the baseline app."""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin" / "gunicorn"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - 127.0.0.1
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not answer 200 within {timeout} s")
        time.sleep(0.2)


class Process:
    """A child process with its output in a temporary log file; stopped with SIGTERM."""

    def __init__(self, name: str, command: list[str], env: dict[str, str] | None = None) -> None:
        self.name = name
        self.command = command
        self.env = {**os.environ, **(env or {})}
        self.log = Path(tempfile.mkstemp(prefix=f"samskap-bench-{name}-", suffix=".log")[1])
        self.process: subprocess.Popen | None = None

    def start(self) -> "Process":
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        return self

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def tail(self, lines: int = 20) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


class Redis(Process):
    def __init__(self) -> None:
        self.port = free_port()
        self.folder = tempfile.mkdtemp(prefix="samskap-bench-redis-")
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        options = ["--bind", "127.0.0.1", "--port", str(self.port), "--save", ""]
        options += ["--appendonly", "no", "--dir", self.folder]
        super().__init__("redis", [binary, *options])

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "Redis":
        super().start()
        deadline = time.monotonic() + 20
        while True:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            if time.monotonic() > deadline:
                raise TimeoutError("redis-server did not start")
            time.sleep(0.1)


class Gunicorn(Process):
    """gunicorn -c gunicorn.conf.py on a free port of 127.0.0.1."""

    def __init__(self, name: str, target: str, workers: int | None, env: dict[str, str]) -> None:
        """workers None: as gunicorn.conf.py and the environment say (the README's settings)."""
        self.port = free_port()
        command = [str(GUNICORN), "-c", str(ROOT / "gunicorn.conf.py")]
        command += ["--bind", f"127.0.0.1:{self.port}"]
        if workers is not None:
            command += ["--workers", str(workers)]
        super().__init__(name, [*command, target], env)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, health: str = "/") -> "Gunicorn":
        super().start()
        try:
            wait_for_http(self.base + health)
        except TimeoutError:
            self.stop()
            raise RuntimeError(f"{self.name} did not start:\n{self.tail()}") from None
        self.wait_until_settled()
        return self

    def wait_until_settled(self, timeout: float = 60.0) -> None:
        """Until every worker has started. One worker answering is not all of them: the others
        were still importing the app (about a second of CPU each) while the first measurements
        ran, and their start was counted against the requests (5 workers: some 6 s of CPU in
        a support run of 8 s)."""
        assert self.process is not None
        deadline = time.monotonic() + timeout
        quiet, before = 0, _children_cpu(self.process.pid)
        while quiet < 3 and time.monotonic() < deadline:
            time.sleep(0.25)
            now = _children_cpu(self.process.pid)
            quiet = quiet + 1 if now - before <= 0.02 else 0
            before = now


def _children_cpu(parent: int) -> float:
    """CPU seconds used so far by the processes whose parent is `parent` (Linux /proc)."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:  # ppid; utime and stime are fields 14 and 15 of stat
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def app_env(database_url: str, redis_url: str, workers: int) -> dict[str, str]:
    """A production configuration, as a deployment would have it."""
    return {
        "COCREATE_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "WEB_CONCURRENCY": str(workers),
        "LOG_LEVEL": "WARNING",
    }
