"""/healthz reports Redis beside the database. Redis down degrades the site (limits per
process, no page cache) but does not stop it, so the answer stays 200 and the load balancer
keeps the host; the database down is a 503 (tests/faults/test_frozen_database.py)."""

import time

from tests.performance.redis_config import with_private_redis


def test_healthz_reports_redis(app, client, private_redis):
    with with_private_redis(app, private_redis) as server:
        answer = client.get("/healthz")
        assert answer.status_code == 200
        assert answer.get_json() == {"status": "ok", "database": "ok", "redis": "ok"}
        server.stop()
        start = time.monotonic()
        answer = client.get("/healthz")
        assert time.monotonic() - start < 2
        assert answer.status_code == 200
        assert answer.get_json() == {"status": "degraded", "database": "ok", "redis": "error"}
