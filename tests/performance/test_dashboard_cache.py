"""The dashboard cache at scale: one process computes a scope while the others wait for its
result (no stampede), a lock left by a crashed process expires, and `flask metrics warm`
fills the cache ahead of the first visitor."""

import threading
import time

import pytest
import redis

from cocreate.metrics import dashboard
from cocreate.metrics.scope import Scope
from tests.performance.redis_config import with_private_redis


@pytest.fixture
def cached_app(app, tmp_path):
    with with_private_redis(app, tmp_path, METRICS_CACHE_SECONDS=60) as server:
        yield app, redis.Redis.from_url(server.url)


def _slow_compute(calls: list[int], seconds: float):  # type: ignore[no-untyped-def]
    def compute(scope):  # type: ignore[no-untyped-def]
        calls.append(scope.municipality_id)
        time.sleep(seconds)
        return {"computed_at": f"run {len(calls)}"}

    return compute


def test_concurrent_cold_requests_compute_once(cached_app, monkeypatch):
    app, _ = cached_app
    calls: list[int] = []
    monkeypatch.setattr(dashboard, "compute_dashboard", _slow_compute(calls, 1.0))
    results: list[dict] = []

    def visitor() -> None:
        with app.app_context():
            results.append(dashboard.build_dashboard(Scope(4242)))

    threads = [threading.Thread(target=visitor) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == [4242]
    assert results == [{"computed_at": "run 1"}] * 4


def test_a_lock_without_a_result_is_waited_out(cached_app, monkeypatch):
    app, client = cached_app
    calls: list[int] = []
    monkeypatch.setattr(dashboard, "compute_dashboard", _slow_compute(calls, 0))
    monkeypatch.setattr(dashboard, "WAIT_SECONDS", 0.5)
    scope = Scope(4243)
    key = dashboard.CACHE_PREFIX + scope.cache_key()
    client.set(key + ":lock", "a process that died", ex=60)
    with app.app_context():
        started = time.monotonic()
        assert dashboard.build_dashboard(scope) == {"computed_at": "run 1"}
    assert 0.5 <= time.monotonic() - started < 5
    assert client.get(key) is not None


def test_warm_fills_the_cache_for_every_municipality(cached_app, world, runner):
    _, client = cached_app
    result = runner.invoke(args=["metrics", "warm"])
    assert result.exit_code == 0, result.output
    assert "heimby:" in result.output and "bortby:" in result.output
    keys = {k.decode() for k in client.scan_iter(match=dashboard.CACHE_PREFIX + "*")}
    expected = {
        dashboard.CACHE_PREFIX + Scope(m.id).cache_key() for m in (world.municipality, world.other)
    }
    assert keys == expected


def test_warm_refuses_an_unknown_municipality(cached_app, runner):
    result = runner.invoke(args=["metrics", "warm", "--municipality", "finnes-ikke"])
    assert result.exit_code != 0
    assert "finnes-ikke" in result.output
