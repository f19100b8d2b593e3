"""Bad input on every form: NUL bytes, invalid UTF-8, huge numbers, wrong types, repeated fields.
Never a 5xx, and a refused submission leaves nothing half-saved. Oversized bodies get a Norwegian
413 page; invalid UTF-8 in paths and query strings is handled.

The POST routes come from the authorization matrix's table (which itself must cover the URL map),
each sent by a role that is allowed to use it, with the field names its pages' forms use.
"""

import re
from urllib.parse import quote_from_bytes

import pytest
from flask import url_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from cocreate.extensions import db
from tests.security.forms import GENERIC_FIELDS, post_fields
from tests.security.isolation import rolled_back
from tests.security.scene import build_scene, route_args
from tests.security.test_authorization_matrix import EXPECTATIONS, OK

POST_ROUTES = sorted(endpoint for endpoint, method in EXPECTATIONS if method == "POST")
GET_ROUTES = sorted(endpoint for endpoint, method in EXPECTATIONS if method == "GET")
# Rows these tables gain on a refused request are by design (a failed log-in is audited).
MAY_GROW_ON_REFUSAL = {"audit_events"}
NASTY = [
    "\x00",
    "a\x00b",
    "\x00" * 50,
    "9" * 400,
    "-1",
    "0",
    "1e309",
    "NaN",
    "-inf",
    "0x7fffffff",
    "2147483648",
    "-9223372036854775809",
    "99999999999999999999999999",
    "1.5",
    "true",
    "null",
    "[]",
    "{}",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    " ",
    "\t\n",
    "ø" * 3000,
    "😀" * 100,
    "\u202e",
    "\ufeff",
    "%00",
    "%FF",
]


def field_values():
    return st.one_of(
        st.text(max_size=120),
        st.sampled_from(NASTY),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.floats().map(repr),
        st.binary(max_size=40),  # raw bytes, mostly invalid UTF-8
    )


def encode_form(form: dict[str, list]) -> bytes:
    parts = []
    for name, values in form.items():
        for value in values:
            raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
            parts.append(f"{quote_from_bytes(name.encode())}={quote_from_bytes(raw)}")
    return "&".join(parts).encode("ascii")


def table_counts() -> dict[str, int]:
    """Rows per table, in one statement (it runs twice for each of thousands of examples)."""
    tables = [t for t in db.metadata.sorted_tables if t.name not in MAY_GROW_ON_REFUSAL]
    counts = db.session.execute(
        select(*(select(func.count()).select_from(t).scalar_subquery() for t in tables))
    ).one()
    return {table.name: count for table, count in zip(tables, counts, strict=True)}


def _actor(endpoint: str, world):
    """The most capable role the matrix allows on this route; the author where only they may."""
    expected = EXPECTATIONS[(endpoint, "POST")]
    for role, user in (
        ("admin", world.admin),
        ("facilitator", world.facilitator),
        ("citizen", world.citizen),
        ("anonymous", None),
    ):
        if expected[role] == OK:
            return user
    return world.author


def _client(app, user_id):
    client = app.test_client()
    if user_id is not None:
        with client.session_transaction() as session:
            session["_user_id"] = user_id
            session["_fresh"] = True
    return client


def _url(app, endpoint: str, scene) -> str:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    with app.test_request_context():
        return url_for(endpoint, **route_args(rule, scene))


def _could_be_above(rule: str, url: str) -> bool:
    """Whether a URL of this rule could start `url`: each <argument> matches one segment (a
    <path:…> any text)."""
    parts = re.split(r"(<[^>]+>)", rule.rstrip("/"))
    pattern = "".join(_segment_pattern(part) for part in parts)
    return re.match(pattern, url) is not None


def _segment_pattern(part: str) -> str:
    if not part.startswith("<"):
        return re.escape(part)
    return ".+" if part.startswith("<path:") else "[^/]+"


def _fields_for(app, client, url: str, scene) -> set[str]:
    """Field names from the forms that post to `url` on the pages above it in the URL tree."""
    fields = set(GENERIC_FIELDS)
    for endpoint in GET_ROUTES:
        # Only a rule that could be a prefix of `url` needs its URL built (and its scene).
        if not _could_be_above(next(app.url_map.iter_rules(endpoint)).rule, url):
            continue
        try:
            page = _url(app, endpoint, scene)
        except Exception:  # noqa: S112 - a page we cannot address here simply adds no fields
            continue
        if not url.startswith(page.rstrip("/")) or page in ("/", ""):
            continue
        response = client.get(page)
        if response.mimetype == "text/html":
            fields |= post_fields(response.get_data(as_text=True), page).get(url, set())
    return fields


@pytest.mark.parametrize("endpoint", POST_ROUTES)
def test_post_routes_survive_bad_input(app, world, create_challenge_f, create_idea_f, endpoint):
    scene = build_scene(world, create_challenge_f, create_idea_f)
    user = _actor(endpoint, world)
    user_id = user.get_id() if user is not None else None
    url = _url(app, endpoint, scene)
    fields = sorted(_fields_for(app, _client(app, user_id), url, scene))

    @settings(
        max_examples=12,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        form=st.dictionaries(
            st.sampled_from(fields), st.lists(field_values(), min_size=1, max_size=3), max_size=8
        )
    )
    def send(form):
        client = _client(app, user_id)
        with rolled_back(app):
            before = table_counts()
            response = client.post(
                url, data=encode_form(form), content_type="application/x-www-form-urlencoded"
            )
            assert response.status_code < 500, (url, form, response.status_code)
            # A redirect, or a file handed out (the archive package), is a success.
            downloaded = response.status_code == 200 and response.mimetype != "text/html"
            if not (300 <= response.status_code < 400 or downloaded):
                # Refused (the form again, or 4xx): nothing may have been saved.
                db.session.rollback()
                assert table_counts() == before, (url, form, response.status_code)

    send()


INVALID_UTF8_QUERIES = [
    "q=%FF%FE%FD",
    "page=%C0%AF",
    "next=%ED%A0%80",
    "x=%00%00",
    "page=99999999999999999999",
    "page=-1",
    "fase=%FF&prinsipp=%00",
    "sort=%E2%82",
    "next=//evil.example/%FF",
    # Digits int() refuses (superscript two), where a page or a number is read.
    "page=%C2%B2&side=%C2%B2&per_page=%C2%B2&year=%C2%B2&ar=%C2%B2&bydel=%C2%B2",
    # Names url_for() keeps for itself, on a second page whose links carry the query on.
    "endpoint=x&_method=POST&_anchor=a&_external=1&side=2&page=2&original=1",
]


def test_get_routes_survive_invalid_query_strings(app, world, create_challenge_f, create_idea_f):
    """Every page, with query strings of invalid UTF-8, NUL bytes and absurd numbers."""
    scene = build_scene(world, create_challenge_f, create_idea_f)
    client = _client(app, world.admin.get_id())
    failures = []
    for endpoint in GET_ROUTES:
        url = _url(app, endpoint, scene)
        for query in INVALID_UTF8_QUERIES:
            response = client.get(f"{url}?{query}")
            if response.status_code >= 500:
                failures.append(f"{url}?{query}: {response.status_code}")
            response.close()
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "path",
    [
        "/k/%FF%FE/",
        "/k/heimby/utfordringer/%FF",
        "/k/heimby/innspill/99999999999999999999",
        "/k/heimby/innspill/-1",
        "/k/%00/personvern",
        "/w/%FF%FE",
        "/kvittering/%C0%AF",
        "/sprak/%FF?next=%FF",
        "/api/v1/municipalities/%FF",
        "/api/v1/ideas/99999999999999999999",
        "/%ED%A0%80",
    ],
)
def test_invalid_paths_are_404_not_errors(client, world, path):
    response = client.get(path)
    assert response.status_code in (302, 400, 404), response.status_code


def test_oversized_body_is_refused_with_a_norwegian_413(app, client, world):
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = b"email=a%40b.no&password=" + b"x" * (limit + 1)
    response = client.post("/logg-inn", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "For stor forespørsel" in html and "Det du sendte er for stort" in html


def test_oversized_upload_is_refused_with_413(app, client, world):
    with client.session_transaction() as session:
        session["_user_id"] = world.admin.get_id()
    limit = app.config["MAX_CONTENT_LENGTH"]
    from io import BytesIO

    response = client.post(
        "/k/heimby/effekt/befolkning",
        data={"file": (BytesIO(b"a;b\n" * (limit // 4 + 10)), "stor.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "For stor forespørsel" in response.get_data(as_text=True)
