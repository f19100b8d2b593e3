"""Rate limits really refuse with a Norwegian 429 page, in memory and in Redis; with Redis
configured but down, pages still work and the degradation is logged."""

import json
import shutil
import uuid

import pytest
import redis
from limits.storage import MemoryStorage, RedisStorage

from cocreate.extensions import limiter
from cocreate.security.redis_health import health
from tests.security.apps import build_app, dispose, isolated_limiter, sqlite_url
from tests.security.processes import PrivateRedis, free_port

SHARED_REDIS = "redis://127.0.0.1:6379/0"
LOGIN_LIMIT = 10  # per minute, cocreate/accounts/routes.py


@pytest.fixture
def make_limited_app(tmp_path):
    apps = []
    with isolated_limiter():

        def _make(**overrides):
            overrides.setdefault("RATELIMIT_KEY_PREFIX", f"cocreate-test-{uuid.uuid4().hex}")
            app = build_app(sqlite_url(tmp_path, f"{len(apps)}.sqlite"), **overrides)
            apps.append(app)
            return app

        yield _make
        for app in apps:
            dispose(app)


def _hammer_login(client, times: int):
    return [
        client.post("/logg-inn", data={"email": "x@example.no", "password": "feil"})
        for _ in range(times)
    ]


def _assert_norwegian_429(response):
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "For mange forsøk" in html and "Vent litt og prøv igjen" in html
    assert 'lang="nb"' in html
    assert int(response.headers["Retry-After"]) > 0
    assert "Traceback" not in html


def test_login_is_limited_in_memory(make_limited_app):
    app = make_limited_app(RATELIMIT_ENABLED=True)
    assert isinstance(limiter.storage, MemoryStorage)
    responses = _hammer_login(app.test_client(), LOGIN_LIMIT + 1)
    assert [r.status_code for r in responses[:LOGIN_LIMIT]] == [200] * LOGIN_LIMIT
    _assert_norwegian_429(responses[-1])
    # Reading the log-in page is not limited.
    assert app.test_client().get("/logg-inn").status_code == 200


def test_registration_and_password_reset_are_limited(make_limited_app):
    app = make_limited_app(RATELIMIT_ENABLED=True)
    client = app.test_client()
    codes = [client.post("/registrer", data={"email": "a"}).status_code for _ in range(6)]
    assert codes[-1] == 429 and codes[:5] == [200] * 5
    codes = [client.post("/glemt-passord", data={"email": "a"}).status_code for _ in range(6)]
    assert codes[-1] == 429


@pytest.fixture
def shared_redis():
    """The Redis on 127.0.0.1:6379 (CI starts one); skipped without it (a failure in CI)."""
    client = redis.Redis.from_url(SHARED_REDIS, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    finally:
        client.close()


def test_redis_url_puts_the_counters_in_redis(make_limited_app, shared_redis):
    prefix = f"cocreate-test-{uuid.uuid4().hex}"
    app = make_limited_app(
        RATELIMIT_ENABLED=True, REDIS_URL=SHARED_REDIS, RATELIMIT_KEY_PREFIX=prefix
    )
    assert app.config["RATELIMIT_STORAGE_URI"] == SHARED_REDIS
    assert isinstance(limiter.storage, RedisStorage)
    assert health(app).configured and health(app).ok is True
    responses = _hammer_login(app.test_client(), LOGIN_LIMIT + 1)
    _assert_norwegian_429(responses[-1])
    client = redis.Redis.from_url(SHARED_REDIS)
    try:
        keys = client.keys(f"*{prefix}*")
        assert keys, "no rate-limit counters in Redis"
        assert max(int(client.get(k) or 0) for k in keys) >= LOGIN_LIMIT
    finally:
        for key in client.keys(f"*{prefix}*"):
            client.delete(key)
        client.close()


def _json_lines(text):
    return [json.loads(x) for x in text.splitlines() if x.strip().startswith("{")]


def test_redis_down_pages_still_work_and_it_is_logged(make_limited_app, capsys):
    closed = f"redis://127.0.0.1:{free_port()}/0"
    app = make_limited_app(RATELIMIT_ENABLED=True, REDIS_URL=closed, LOG_FORMAT="json")
    assert health(app).ok is False
    client = app.test_client()
    assert client.get("/").status_code == 200
    assert client.get("/logg-inn").status_code == 200
    response = client.post("/logg-inn", data={"email": "x@example.no", "password": "feil"})
    assert response.status_code == 200
    lines = _json_lines(capsys.readouterr().err)
    events = [line.get("event") for line in lines]
    assert "redis.down" in events
    messages = " ".join(line.get("message", "") for line in lines)
    assert "falling back to in-memory storage" in messages


def test_redis_going_down_and_coming_back(make_limited_app, tmp_path, capsys):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = PrivateRedis(tmp_path)
    server.start()
    try:
        app = make_limited_app(
            RATELIMIT_ENABLED=True,
            REDIS_URL=server.url,
            REDIS_HEALTH_INTERVAL=0,
            LOG_FORMAT="json",
        )
        client = app.test_client()
        assert client.get("/").status_code == 200 and health(app).ok is True
        server.stop()
        assert client.get("/").status_code == 200
        assert client.post("/logg-inn", data={"email": "x@example.no"}).status_code == 200
        assert health(app).ok is False
        server.start()
        assert client.get("/").status_code == 200
        assert health(app).ok is True
        events = [line.get("event") for line in _json_lines(capsys.readouterr().err)]
        assert events.index("redis.down") < events.index("redis.up")
    finally:
        server.stop()
