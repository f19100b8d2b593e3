"""Links in notifications: site paths in the app, absolute URLs (BASE_URL) in e-mail.

Notifications are also written outside a request (CLI, workers, tests), where url_for() cannot
build without SERVER_NAME; path_for() builds the path from the URL map directly.
"""

from typing import Any

from flask import current_app, has_request_context, url_for

from ..accounts.tokens import make_token, read_token

UNSUBSCRIBE_PURPOSE = "unsubscribe"
# Unsubscribe links must keep working in old e-mails.
UNSUBSCRIBE_MAX_AGE = 20 * 365 * 24 * 3600


def path_for(endpoint: str, **values: Any) -> str:
    """The site path of an endpoint, with or without a request."""
    if has_request_context():
        return url_for(endpoint, **values)
    root = current_app.config.get("APPLICATION_ROOT") or "/"
    adapter = current_app.url_map.bind("localhost", script_name=root)
    return adapter.build(endpoint, values)


def absolute_url(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return current_app.config["BASE_URL"].rstrip("/") + path


def site_path(link: str) -> str:
    """A same-site path for redirects: absolute links to BASE_URL are shortened, others refused."""
    base = current_app.config["BASE_URL"].rstrip("/")
    if link.startswith(base + "/"):
        link = link[len(base) :]
    if link.startswith("/") and not link.startswith("//") and "\\" not in link:
        return link
    return ""


def unsubscribe_token(user_id: int, kind: str) -> str:
    return make_token(UNSUBSCRIBE_PURPOSE, {"u": user_id, "k": kind})


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    payload = read_token(UNSUBSCRIBE_PURPOSE, token, UNSUBSCRIBE_MAX_AGE)
    if (
        not payload
        or not isinstance(payload.get("u"), int)
        or not isinstance(payload.get("k"), str)
    ):
        return None
    return payload["u"], payload["k"]
