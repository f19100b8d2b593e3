"""Where a person may be sent back to after a form or a switch: same-site paths only."""

from urllib.parse import urlsplit


def same_site_path(target: str | None) -> str | None:
    """The target if it is a path on this site, else None (no open redirect).

    Browsers read a backslash as a slash, so "/\\evil.example" would leave the site; control
    characters could split a header. Both are refused, as are "//host" and absolute URLs.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
