"""Load generators: wrk for pages (GET, bounded duration) and a small threaded client that
supports ideas as 32 signed-in people at once (POST with CSRF, one session per person)."""

import hashlib
import http.client
import json
import math
import os
import random
import re
import shutil
import subprocess
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from flask import Flask

LUA = Path(__file__).resolve().parent / "wrk_report.lua"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
WRK_HELP = "wrk is not installed: apt-get install -y wrk (Debian/Ubuntu) or brew install wrk"


@dataclass
class Measured:
    requests: int
    seconds: float
    requests_per_s: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    bytes_per_response: int | None = None


def wrk(url: str, *, seconds: int, connections: int, threads: int, cookie: str = "") -> Measured:
    """GET `url` for `seconds` with wrk; latency percentiles from wrk's own histogram."""
    binary = shutil.which("wrk")
    if binary is None:
        raise SystemExit(WRK_HELP)
    command = [binary, "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s"]
    command += ["--timeout", "30s", "-s", str(LUA)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 120
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("WRK_JSON "))
    data = json.loads(line.removeprefix("WRK_JSON "))
    duration = data["duration_us"] / 1e6
    return Measured(
        requests=data["requests"],
        seconds=round(duration, 2),
        requests_per_s=round(data["requests"] / duration, 1),
        p50_ms=data["p50_us"] / 1000,
        p90_ms=data["p90_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
        errors=data["errors"] + data["non_2xx_3xx"],
        bytes_per_response=round(data["bytes"] / data["requests"]) if data["requests"] else None,
    )


# A plain HTTP client (gunicorn's sync workers close the connection after each response) ------


def request(
    base: str, method: str, path: str, *, cookie: str = "", form: dict | None = None
) -> tuple[int, dict[str, str], bytes, float]:
    """(status, headers, body, seconds) of one request; no redirects are followed."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    headers = {"Cookie": cookie} if cookie else {}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - started
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data, elapsed
    finally:
        connection.close()


def session_cookie(headers: dict[str, str], default: str = "") -> str:
    """The `session=…` pair from a Set-Cookie header (the cookie is Secure in production; this
    client sends it over plain HTTP to 127.0.0.1 on purpose)."""
    match = re.search(r"(?:^|,\s*)session=([^;]*)", headers.get("set-cookie", ""))
    return f"session={match.group(1)}" if match else default


def csrf_token(html: bytes) -> str:
    match = CSRF.search(html.decode("utf-8", "replace"))
    if match is None:
        raise RuntimeError("no csrf_token in the page")
    return match.group(1) or match.group(2)


def log_in(base: str, email: str, password: str) -> str:
    """Log in through the real form; returns the session cookie."""
    status, headers, body, _ = request(base, "GET", "/logg-inn")
    cookie = session_cookie(headers)
    form = {"email": email, "password": password, "csrf_token": csrf_token(body)}
    status, headers, _, _ = request(base, "POST", "/logg-inn", cookie=cookie, form=form)
    if status not in (302, 303):
        raise RuntimeError(f"log-in failed for {email}: HTTP {status}")
    cookie = session_cookie(headers, cookie)
    # Follow the redirect, as a browser does: the page shows «logged in» and the session no
    # longer holds the message (wrk replays this cookie; one with a message waiting would be a
    # page drawn for its reader every time).
    location = urlsplit(headers.get("location", "/"))
    path = (location.path or "/") + (f"?{location.query}" if location.query else "")
    status, headers, _, _ = request(base, "GET", path, cookie=cookie)
    if status != 200:
        raise RuntimeError(f"the page after log-in failed for {email}: HTTP {status}")
    return session_cookie(headers, cookie)


def minted_cookie(secret_key: str, session_id: str) -> str:
    """A signed session for a seeded person, made with the server's SECRET_KEY as Flask would
    (logging 32 people in through the form would only measure argon2 and the log-in limit).
    session_id comes from cocreate.accounts.sessions.start_session, as at a real log-in."""
    app = Flask("bench")
    app.secret_key = secret_key
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    # The raw CSRF token a browser's session holds after its first page (Flask-WTF's): wrk sends
    # the same cookie every time, and without it each request would write a new session.
    csrf = hashlib.sha1(os.urandom(64)).hexdigest()  # noqa: S324 - Flask-WTF's own recipe
    value = serializer.dumps({"_user_id": session_id, "_fresh": True, "csrf_token": csrf})
    return f"session={value}"


@dataclass
class SupportRun:
    users: int
    think_seconds: float
    requests: int
    ok: int
    errors: int
    seconds: float
    requests_per_s: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float


def support_load(
    base: str,
    slug: str,
    people: list[tuple[str, list[int]]],
    *,
    think_seconds: float = 0.0,
) -> SupportRun:
    """Each person (cookie, idea ids) in a thread of their own supports their ideas one after
    the other; every POST is timed. With `think_seconds`, people start at a random moment in the
    first `think_seconds` and wait 0.5–1.5 × `think_seconds` (at random) between clicks, as people
    do; without, all start at once and click back to back (a stress test)."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    prepared = []
    for cookie, ideas in people:  # one page view per person: session with a CSRF token
        status, headers, body, _ = request(
            base, "GET", f"/k/{slug}/innspill/{ideas[0]}", cookie=cookie
        )
        if status != 200 or b"Logg ut" not in body:
            raise RuntimeError(f"a bench person is not signed in (HTTP {status})")
        prepared.append((session_cookie(headers, cookie), csrf_token(body), ideas))
    start = threading.Barrier(len(prepared))

    def person(cookie: str, token: str, ideas: list[int], pace: random.Random) -> None:
        start.wait()
        if think_seconds:
            time.sleep(pace.uniform(0, think_seconds))
        for idea_id in ideas:
            path = f"/k/{slug}/innspill/{idea_id}/stott"
            status, _, _, seconds = request(
                base, "POST", path, cookie=cookie, form={"csrf_token": token}
            )
            with lock:
                latencies.append(seconds)
                if status != 303:
                    failures.append(f"{path}: HTTP {status}")
            if think_seconds:
                time.sleep(pace.uniform(0.5 * think_seconds, 1.5 * think_seconds))

    threads = [
        threading.Thread(target=person, args=(*args, random.Random(n)))
        for n, args in enumerate(prepared)
    ]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)

    def pct(p: float) -> float:  # nearest rank
        return round(ordered[max(0, math.ceil(p * len(ordered)) - 1)] * 1000, 1)

    return SupportRun(
        users=len(prepared),
        think_seconds=think_seconds,
        requests=len(ordered),
        ok=len(ordered) - len(failures),
        errors=len(failures),
        seconds=round(elapsed, 2),
        requests_per_s=round(len(ordered) / elapsed, 1),
        p50_ms=pct(0.50),
        p90_ms=pct(0.90),
        p99_ms=pct(0.99),
        max_ms=round(ordered[-1] * 1000, 1),
    )


def as_dict(result: Measured | SupportRun) -> dict:
    return asdict(result)
