"""gunicorn settings for Samskap: `gunicorn -c gunicorn.conf.py wsgi:app`.

Every value can be changed from the environment (or on the command line, which wins over this
file). The app processes keep no state of their own: sessions are signed cookies, data is in
PostgreSQL, and rate limits, the metrics cache and the job queue are in Redis (REDIS_URL), so any
number of processes on any number of hosts can serve the same municipality side by side.
"""

import gc
import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# 127.0.0.1 by default: a TLS-terminating proxy (nginx, a load balancer) sits in front.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# WEB_CONCURRENCY is the usual name for the process count; (2 × cores) + 1 otherwise.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
# Threads help while a request waits for the database; sync workers when 1.
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
# Requests never take long (exports stream, mail goes through the outbox); a stuck worker is
# replaced after `timeout` seconds.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then, so a slow leak in any library never grows without bound. The
# wide jitter keeps workers from restarting together (a new one spends about a second starting);
# pages from the page cache are served at 500 a second per worker, so 5,000 was every 10 s.
max_requests = _int("GUNICORN_MAX_REQUESTS", 50000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 25000)
# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# The proxy's X-Forwarded-* headers are trusted only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The app logs JSON lines itself; gunicorn's access log is off unless asked for ("-" = stderr).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Each worker builds the app itself (no preload): no database connection is ever shared
# across a fork.
preload_app = False


def post_worker_init(worker: object) -> None:
    """Once the worker has built the app, move everything it holds so far (modules, mappers,
    compiled statements: about 280,000 objects) out of the garbage collector's sight. A full
    collection scanned them all, about 0.1 s of CPU each time, stalling whatever request it
    fell in; they live as long as the worker. What requests make later is collected as before.
    See the gc module's docs on gc.freeze()."""
    gc.freeze()
