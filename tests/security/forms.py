"""Find the fields each POST route's forms send, by reading the pages that show those forms."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

GENERIC_FIELDS = (
    "title",
    "body",
    "text",
    "note",
    "reason",
    "email",
    "password",
    "confirm",
    "name",
    "display_name",
    "answer",
    "reference",
    "status",
    "target",
    "headcount",
    "code",
    "stage",
    "district",
    "phase",
    "summary",
    "description",
    "vote_budget",
    "dots_per_person",
    "starts_at",
    "ends_at",
    "parent_id",
    "theme",
    "theme_id",
    "note_ids",
    "format",
    "dataset",
)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, str, set[str]]] = []
        self._current: tuple[str, str, set[str]] | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        attrs = dict(attrs)
        if tag == "form":
            self._current = (
                (attrs.get("method") or "get").lower(),
                attrs.get("action") or "",
                set(),
            )
            self.forms.append(self._current)
        elif tag in ("input", "textarea", "select", "button") and self._current is not None:
            name = attrs.get("name")
            if name and name != "csrf_token":
                self._current[2].add(name)

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "form":
            self._current = None


def post_fields(html: str, page_url: str) -> dict[str, set[str]]:
    """{action path: field names} of the POST forms on a page (empty action = the page itself)."""
    parser = _FormParser()
    parser.feed(html)
    found: dict[str, set[str]] = {}
    for method, action, names in parser.forms:
        if method != "post":
            continue
        path = urlsplit(action).path if action else urlsplit(page_url).path
        found.setdefault(path, set()).update(names)
    return found
