"""One Redis connection pool per process, URL and timeout, for the caches and the health check.

redis-py pools notice a fork and start afresh in the child, so gunicorn workers never share
a socket.
"""

import redis
from flask import current_app
from redis.backoff import NoBackoff
from redis.retry import Retry


def redis_client(timeout: float) -> redis.Redis | None:
    """The shared client for REDIS_URL (None without one); every call gives up after `timeout`
    seconds and is not retried (redis-py would try 10 more times), so a Redis that is down or
    hangs costs only that much: the callers carry on without it."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    clients = current_app.extensions.setdefault("cocreate.redis_clients", {})
    key = (url, timeout)
    if key not in clients:
        clients[key] = redis.Redis.from_url(
            url,
            socket_connect_timeout=timeout,
            socket_timeout=timeout,
            retry=Retry(NoBackoff(), 0),
        )
    return clients[key]


def redis_answers(timeout: float = 1.0) -> bool | None:
    """Whether Redis answers a PING (None when no Redis is configured)."""
    client = redis_client(timeout)
    if client is None:
        return None
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
