"""The app configured with the run's private Redis (the caches need one to be on).

One throw-away redis-server serves the whole run (tests/conftest.py, `private_redis`): starting
one per test cost more than the tests themselves. Each test gets it emptied, and started again if
an earlier test stopped it (Redis going down is one of the things tested).
"""

from collections.abc import Iterator
from contextlib import contextmanager

import redis
from flask import Flask

from tests.security.processes import PrivateRedis


@contextmanager
def with_private_redis(
    app: Flask, server: PrivateRedis, **config: object
) -> Iterator[PrivateRedis]:
    """Point REDIS_URL (and `config`) at the run's private Redis, empty; restore after."""
    if server.process is None or server.process.poll() is not None:
        server.start()
    redis.Redis.from_url(server.url).flushall()
    saved = {key: app.config.get(key) for key in (*config, "REDIS_URL")}
    app.config.update(REDIS_URL=server.url, **config)
    try:
        yield server
    finally:
        app.config.update(saved)
