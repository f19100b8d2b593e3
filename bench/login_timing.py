"""Failed log-ins and sign-ups take as long for an address with an account as for one without.

    .venv/bin/python bench/login_timing.py [-n 200] [--output bench/results/login-timing.md]

Runs the app in-process (Flask test client, a temporary SQLite database, the production Argon2
parameters, CSRF on, no rate limits, e-mail kept in memory) and times, interleaved so that drift
hits both alike:
- N failed log-ins (wrong password) for a registered address and for an unknown one, and, for
  comparison, the unknown one as before issue 26 (no hash checked when there is no account);
- N/4 sign-ups with a new address and with an address that has an account.
Writes the figures (median, 10th and 90th percentile, in ms) to the output file as Markdown.
"""

import argparse
import platform
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import make_app  # noqa: E402
from cocreate.accounts import services  # noqa: E402
from cocreate.accounts.passwords import verify_password  # noqa: E402
from cocreate.accounts.services import create_user  # noqa: E402
from cocreate.extensions import db  # noqa: E402
from cocreate.models import create_all  # noqa: E402

KNOWN = "kjent@bench.example"
UNKNOWN = "ukjent@bench.example"
PASSWORD = "bench-passord-2026"  # noqa: S105
WRONG = "feil-passord-2026"
BASE = "https://localhost"  # the cookies are Secure outside development


def _https(path: str) -> dict:
    # Over HTTPS, Flask-WTF also wants a same-origin Referer, as a browser sends.
    return {"base_url": BASE, "headers": {"Referer": BASE + path}}


def _token(client, path: str) -> str:
    html = client.get(path, base_url=BASE).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def _verify_as_before(password_hash: str | None, password: str) -> bool:
    # Before issue 26: no hash, no work.
    return bool(password_hash) and verify_password(password_hash, password)


def _time(call: Callable[[], int], expected: int) -> float:
    start = time.perf_counter()
    status = call()
    elapsed = (time.perf_counter() - start) * 1000
    assert status == expected, status
    return elapsed


def _summary(samples: list[float]) -> tuple[float, float, float]:
    deciles = statistics.quantiles(samples, n=10)
    return statistics.median(samples), deciles[0], deciles[-1]


def measure(n: int) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(f"sqlite:///{tmp}/timing.sqlite")
        app.config["MAIL_BACKEND"] = "memory"
        with app.app_context():
            create_all()
            create_user(KNOWN, "Kjent", PASSWORD, verified=True)
            db.session.commit()
        client = app.test_client()
        login_token = _token(client, "/logg-inn")
        register_token = _token(client, "/registrer")

        def log_in(email: str) -> int:
            form = {"email": email, "password": WRONG, "csrf_token": login_token}
            return client.post("/logg-inn", data=form, **_https("/logg-inn")).status_code

        def sign_up(email: str) -> int:
            form = {
                "email": email,
                "display_name": "Bench",
                "password": PASSWORD,
                "confirm": PASSWORD,
                "old_enough": "y",
                "csrf_token": register_token,
            }
            return client.post("/registrer", data=form, **_https("/registrer")).status_code

        for _ in range(5):  # warm-up: first requests, the dummy hash, caches
            log_in(KNOWN), log_in(UNKNOWN)
        samples: dict[str, list[float]] = {
            "log-in, registered address": [],
            "log-in, unknown address": [],
            "log-in, unknown address, as before (no hash checked)": [],
            "sign-up, new address": [],
            "sign-up, address with an account": [],
        }
        for i in range(n):
            samples["log-in, registered address"].append(_time(lambda: log_in(KNOWN), 200))
            samples["log-in, unknown address"].append(_time(lambda: log_in(UNKNOWN), 200))
            with mock.patch.object(services, "verify_password", _verify_as_before):
                before = _time(lambda: log_in(UNKNOWN), 200)
            samples["log-in, unknown address, as before (no hash checked)"].append(before)
            if i % 4 == 0:
                new = _time(lambda email=f"ny{i}@bench.example": sign_up(email), 302)
                samples["sign-up, new address"].append(new)
                taken = _time(lambda: sign_up(KNOWN), 302)
                samples["sign-up, address with an account"].append(taken)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        return samples


def report(samples: dict[str, list[float]], n: int) -> str:
    lines = [
        "# Log-in and sign-up timing: registered against unknown addresses",
        "",
        f"`bench/login_timing.py -n {n}` on {date.today().isoformat()}, Python "
        f"{platform.python_version()}, {platform.machine()}; in-process test client, SQLite, "
        "production Argon2id parameters, CSRF on. Requests interleaved; times in ms.",
        "",
        "| request | n | median | p10 | p90 |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, values in samples.items():
        median, p10, p90 = _summary(values)
        lines.append(f"| {name} | {len(values)} | {median:.1f} | {p10:.1f} | {p90:.1f} |")
    known = statistics.median(samples["log-in, registered address"])
    unknown = statistics.median(samples["log-in, unknown address"])
    before = statistics.median(samples["log-in, unknown address, as before (no hash checked)"])
    new = statistics.median(samples["sign-up, new address"])
    taken = statistics.median(samples["sign-up, address with an account"])
    lines += [
        "",
        f"A failed log-in: registered {known:.1f} ms against unknown {unknown:.1f} ms "
        f"(difference {known - unknown:+.1f} ms); before, an unknown address answered in "
        f"{before:.1f} ms, which told the two apart.",
        f"A sign-up: new address {new:.1f} ms against an address with an account {taken:.1f} ms "
        f"(difference {new - taken:+.1f} ms); both hash the password and send one e-mail.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="failed log-ins per address")
    parser.add_argument(
        "--output", type=Path, default=ROOT / "bench" / "results" / "login-timing.md"
    )
    args = parser.parse_args()
    text = report(measure(args.n), args.n)
    args.output.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
