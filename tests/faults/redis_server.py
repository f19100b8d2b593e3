"""A private redis-server that keeps its data the way Redis does by default: an RDB dump in
its own folder, loaded again when it starts. For tests of a Redis restarted from an older dump
or replaced by a replica that lags behind."""

import shutil
import signal
import subprocess
from pathlib import Path

import redis

from tests.security.processes import free_port, wait_for_port

DUMP = "dump.rdb"


class DumpedRedis:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)

    def start(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [
                binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "3600 1 300 100 60 10000",  # Redis's default persistence
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
                "--dbfilename",
                DUMP,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def dump(self) -> Path:
        """Write the dump now (as the periodic save would) and return its path."""
        self.client().save()
        return self.folder / DUMP

    def crash(self) -> None:
        """Gone without saving: what it had since the last dump is lost."""
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
