"""The app configured with a private Redis for one test (the caches need one to be on)."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask

from tests.security.processes import PrivateRedis


@contextmanager
def with_private_redis(app: Flask, folder: Path, **config: object) -> Iterator[PrivateRedis]:
    """Start a throw-away redis-server, point REDIS_URL (and `config`) at it, restore after."""
    server = PrivateRedis(folder)
    server.start()
    saved = {key: app.config.get(key) for key in (*config, "REDIS_URL")}
    app.config.update(REDIS_URL=server.url, **config)
    try:
        yield server
    finally:
        app.config.update(saved)
        server.stop()
