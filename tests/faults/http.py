"""A minimal HTTP client for talking to real servers on 127.0.0.1 (no redirects followed)."""

import http.client
import re
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    cookies: dict[str, str]
    body: str


def request(port: int, method: str, path: str, *, cookie: str | None = None, form=None) -> Reply:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {}
    body = None
    if cookie:
        headers["Cookie"] = f"session={cookie}"
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        cookies = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            parsed = SimpleCookie()
            parsed.load(header)
            cookies.update({name: morsel.value for name, morsel in parsed.items()})
        return Reply(
            response.status,
            dict(response.headers.items()),
            cookies,
            response.read().decode("utf-8", "replace"),
        )
    finally:
        connection.close()


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no csrf_token on the page"
    return match.group(1)
