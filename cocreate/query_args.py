"""Query-string arguments carried on into a link (pagination, "see the original")."""

from collections.abc import Mapping


def link_args(args: Mapping[str, str]) -> dict[str, str]:
    """The non-empty arguments that url_for() can put back in a query string. `endpoint` and
    names starting with "_" (url_for's own: _method, _external, _anchor …) are left out: passed
    on, a crafted ?endpoint=x or ?_method=POST made the link fail to build (a 500)."""
    return {
        key: value
        for key, value in args.items()
        if value and key != "endpoint" and not key.startswith("_")
    }
