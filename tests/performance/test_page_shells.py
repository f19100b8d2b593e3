"""Issue 16: a signed-in citizen's challenge page is drawn once and shared by the readers who
see the same page, with each reader's own parts (supports, vote budget, follows, the survey,
the header, CSRF tokens) filled in per request (cocreate/shells.py). The shared page must be
exactly the page drawn for the reader, never hold another reader's own parts, and never be
older than a committed write."""

import re

import pytest
from flask import g
from sqlalchemy import bindparam, select

from cocreate import shells
from cocreate.accounts.models import Role
from cocreate.challenges.following import follow_topic
from cocreate.challenges.services import advance_phase
from cocreate.database import commit
from cocreate.extensions import db
from cocreate.ideas.models import Vote
from cocreate.ideas.services import follow_idea, post_comment, support_idea
from cocreate.moderation.services import suspend_user
from cocreate.municipalities.models import District
from cocreate.notifications.services import notify
from tests.ideas.conftest import login
from tests.isolation import recorded_statements
from tests.performance.workers import run_worker

TOKEN = re.compile(r'name="csrf_token" value="[^"]*"')


@pytest.fixture
def budget_challenge(world, create_challenge_f, create_idea_f):
    """An open challenge with a vote budget, its districts and six ideas."""
    challenge = create_challenge_f(world.municipality, title="Delt side", vote_budget=3)
    challenge.districts = list(
        db.session.scalars(
            select(District).where(District.municipality_id == world.municipality.id)
        )
    )
    ideas = [create_idea_f(challenge, world.author, title=f"Forslag {n}") for n in range(6)]
    commit()
    return challenge, ideas


def _path(challenge) -> str:
    """Newest first: one page for all these readers (the shuffled order is shared only by the
    readers of one shuffle of the day)."""
    return f"/k/heimby/utfordringer/{challenge.id}?sort=nyeste"


def _page(app, user, path: str, **config) -> str:
    """The page as `user` sees it, CSRF tokens left out (each session has its own)."""
    saved = {name: app.config[name] for name in config}
    app.config.update(config)
    try:
        client = app.test_client()
        login(client, user)
        response = client.get(path)
    finally:
        app.config.update(saved)
    assert response.status_code == 200
    return TOKEN.sub('name="csrf_token" value=""', response.text)


def _rich_state(world, challenge, ideas) -> None:
    """world.citizen: supports two ideas, follows the challenge and a district, has news."""
    support_idea(ideas[0], world.citizen)
    support_idea(ideas[3], world.citizen)
    follow_topic(world.citizen, challenge)
    follow_topic(world.citizen, challenge.districts[0])
    notify(world.citizen, kind="answer", subject="Svar på innspillet", text="", link="/")
    commit()


def test_the_shared_page_is_the_page_drawn_for_each_reader(
    app, world, budget_challenge, create_user_f
):
    challenge, ideas = budget_challenge
    _rich_state(world, challenge, ideas)
    plain = create_user_f("ny@example.no")
    unverified = create_user_f("ubekreftet@example.no", verified=False)
    commit()
    path = _path(challenge)
    readers = [world.citizen, plain, unverified, world.citizen, plain]
    for drawer in readers:  # whoever drew the shared page, every reader sees their own
        from cocreate import generation_cache

        generation_cache.clear()
        _page(app, drawer, path)
        for reader in readers:
            shared = _page(app, reader, path)
            drawn = _page(app, reader, path, PAGE_SHELL_SECONDS=0)
            assert shared == drawn, (drawer.email, reader.email)
    own = _page(app, world.citizen, path)
    assert own.count("Trekk støtten") == 2 and "Du har brukt 2 av 3 stemmer" in own
    assert "Du følger utfordringen" in own and "Du følger bydelen" in own
    assert 'class="badge unread-count">1' in own
    other = _page(app, plain, path)
    assert "Trekk støtten" not in other and "Du har brukt 0 av 3 stemmer" in other
    assert "Du følger" not in other and "unread-count" not in other
    assert "Støtt" not in _page(app, unverified, path)  # unverified: no support buttons


def test_the_kept_page_holds_nobodys_own_parts(app, world, budget_challenge):
    challenge, ideas = budget_challenge
    _rich_state(world, challenge, ideas)
    client = app.test_client()
    login(client, world.citizen)
    kept = {}

    def keep(key, html):
        kept[key] = html

    original = shells.keep
    shells.keep = keep
    try:
        client.get(_path(challenge))
    finally:
        shells.keep = original
    ((html, _authors),) = kept.values()
    for own in ("Trekk støtten", "Du har brukt", "Du følger", "unread-count", "Logg ut"):
        assert own not in html  # holes, filled per request
    tokens = re.findall(r'name="csrf_token" value="([^"]*)"', html)
    assert all(token.startswith(shells._MARK) for token in tokens)  # the CSRF token: a hole
    assert shells._MARK in html and "Forslag 0" in html


def test_a_kept_challenge_page_costs_two_queries_and_reads_no_idea_rows(
    app, world, budget_challenge, create_user_f
):
    challenge, _ideas = budget_challenge
    readers = [create_user_f(f"leser{n}@example.no") for n in range(3)]
    commit()
    clients = []
    for reader in readers:
        client = app.test_client()
        login(client, reader)
        clients.append(client)
    path = _path(challenge)
    for client in clients:
        client.get(path)  # each reader's shuffle drawn once
    for client in clients:
        with recorded_statements() as statements:
            response = client.get(path)
        assert response.status_code == 200
        # The person with their memberships, news and the page generation; then their supports
        # among the listed ideas, their vote budget and their follows, in one statement.
        assert len(statements) == 2, "\n".join(statements)
        assert all(table in statements[1] for table in ("votes", "topic_follows", "UNION ALL"))
        assert not any("FROM ideas" in s or "FROM challenges" in s for s in statements)


def test_own_writes_show_at_once(app, world, budget_challenge):
    challenge, ideas = budget_challenge
    client = app.test_client()
    login(client, world.citizen)
    path = _path(challenge)
    assert "Du følger utfordringen" not in client.get(path).text
    follow = client.post(
        f"/k/heimby/utfordringer/{challenge.id}/folg",
        data={"csrf_token": _token(client.get(path).text), "next": path},
    )
    assert follow.status_code in (302, 303)
    assert "Du følger utfordringen" in client.get(path).text  # follows move no generation
    page = client.get(path).text
    response = client.post(
        f"/k/heimby/innspill/{ideas[1].id}/stott",
        data={"csrf_token": _token(page), "next": path},
        follow_redirects=True,
    )
    assert "Du støtter nå" in response.text and "Trekk støtten" in response.text
    assert "Du har brukt 1 av 3 stemmer" in client.get(path).text


def test_staff_and_suspended_readers_get_a_page_of_their_own(
    app, world, budget_challenge, create_user_f
):
    challenge, _ideas = budget_challenge
    suspended = create_user_f(
        "utestengt@example.no", role=Role.citizen, municipality=world.municipality
    )
    suspend_user(suspended, world.municipality, note="Test", actor=world.admin)
    commit()
    path = _path(challenge)
    admin = _page(app, world.admin, path)
    assert "Rediger" in admin
    citizen = _page(app, world.citizen, path)
    assert "Rediger" not in citizen and "Støtt" in citizen
    assert "Støtt" not in _page(app, suspended, path)
    assert "Støtt" in _page(app, world.citizen, path)


@pytest.mark.real_commits
def test_a_write_of_another_process_moves_the_kept_page(
    app, _db_dir, world, budget_challenge, create_user_f
):
    challenge, ideas = budget_challenge
    client = app.test_client()
    login(client, world.citizen)
    path = _path(challenge)
    client.get(path)
    newcomer = create_user_f("nykommer@example.no")
    commit()
    run_worker(_db_dir, "submit", challenge.id, world.author.id, "Fra naboprosessen")
    db.session.expire_all()  # the tests share one session; a real request starts afresh
    assert "Fra naboprosessen" in client.get(path).text
    run_worker(_db_dir, "support", ideas[2].id, newcomer.id)
    db.session.expire_all()
    assert "1 støtte" in client.get(path).text


def test_a_concluded_challenges_survey_is_for_those_who_took_part(
    app, world, budget_challenge, create_user_f
):
    challenge, ideas = budget_challenge
    support_idea(ideas[0], world.citizen)
    commit()
    summary = "Vi hørte mange gode forslag, og vi gjør det første til våren."
    for _ in range(2):  # open -> assessing -> concluded
        advance_phase(challenge, actor=world.admin, summary=summary)
    commit()
    outsider = create_user_f("utenfor@example.no")
    commit()
    path = _path(challenge)
    for _ in range(2):  # drawn by one, shared with the other
        assert "Ble du hørt?" in _page(app, world.citizen, path)
        assert "Ble du hørt?" not in _page(app, outsider, path)


def test_markers_cannot_be_forged_and_never_leave(app):
    with app.test_request_context("/"):
        html = f"<p>{shells.hole('nonexistent', x=1)}</p><p>{shells._MARK}.csrf.~</p>"
        filled = shells.fill(html)
        assert shells._MARK not in filled
        assert g.get("page_holes")
        # A user's text that looks like a marker of another process stays as it is.
        forged = "h0123456789abcdef01234567.csrf.~"
        assert shells.fill(forged) == forged


def _token(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match
    return match.group(1)


def test_the_idea_page_is_shared_but_not_with_those_who_wrote_on_it(
    app, world, budget_challenge, create_user_f
):
    _challenge, ideas = budget_challenge
    idea = ideas[0]
    writer, other = create_user_f("skribent@example.no"), create_user_f("leser@example.no")
    first = post_comment(idea, body="Et godt forslag for bydelen.", author=writer)
    post_comment(idea, body="Enig med deg.", author=world.citizen, parent=first)
    support_idea(idea, world.citizen)
    follow_idea(idea, world.citizen)
    commit()
    path = f"/k/heimby/innspill/{idea.id}"
    readers = [other, world.citizen, writer, world.author]
    for drawer in readers:
        from cocreate import generation_cache

        generation_cache.clear()
        _page(app, drawer, path)
        for reader in readers:
            shared = _page(app, reader, path)
            assert shared == _page(app, reader, path, PAGE_SHELL_SECONDS=0), (drawer, reader)
    assert "Endre innspillet" in _page(app, world.author, path)
    assert "Endre innspillet" not in _page(app, other, path)
    own = _page(app, world.citizen, path)
    assert "Trekk støtten" in own and "Du følger innspillet" in own
    theirs = _page(app, other, path)
    assert "Trekk støtten" not in theirs and "Du følger innspillet" not in theirs
    assert theirs.count(">Rapporter<") == 3  # the input and both comments
    assert _page(app, writer, path).count(">Rapporter<") == 2  # not their own comment


def test_a_kept_idea_page_costs_two_queries(app, world, budget_challenge, create_user_f):
    _challenge, ideas = budget_challenge
    for n in range(5):
        post_comment(ideas[1], body=f"Kommentar nummer {n}", author=world.author)
    reader = create_user_f("teller@example.no")
    commit()
    client = app.test_client()
    login(client, reader)
    path = f"/k/heimby/innspill/{ideas[1].id}"
    client.get(path)
    with recorded_statements() as statements:
        assert client.get(path).status_code == 200
    # The person (with the generation); their support, vote budget and follow in one.
    assert len(statements) == 2, "\n".join(statements)
    assert all(table in statements[1] for table in ("votes", "follows", "UNION ALL"))
    assert not any("FROM comments" in s or "FROM ideas" in s for s in statements)


def test_a_hole_that_fails_sends_the_error_page_and_no_marker(app, world, budget_challenge):
    challenge, _ideas = budget_challenge

    def broken(_args, _prepared):
        raise RuntimeError("a hole that fails")

    saved = shells._holes["challenge_follow"]
    shells.register("challenge_follow", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        client = app.test_client()
        login(client, world.citizen)
        response = client.get(_path(challenge))
    finally:
        shells._holes["challenge_follow"] = saved
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert shells._MARK not in response.text
    assert 'class="site-header"' in response.text  # the error page's own holes are filled


def test_kept_pages_are_bounded_and_long_queries_never_kept(
    app, world, budget_challenge, monkeypatch
):
    challenge, _ideas = budget_challenge
    monkeypatch.setattr(shells, "MAX_KEPT_PAGES", 3)
    shells.forget()
    client = app.test_client()
    login(client, world.citizen)
    base = f"/k/heimby/utfordringer/{challenge.id}"
    for sort in ("nyeste", "mest-stottet", "mest-diskutert", "tilfeldig"):
        assert client.get(f"{base}?sort={sort}").status_code == 200
    assert len(shells._kept) == 3  # the least recently used went first
    shells.forget()
    assert client.get(f"{base}?sort=nyeste&q={'sykkel' * 60}").status_code == 200
    assert not shells._kept


def test_holes_read_in_one_statement_with_parameters_of_their_own(app, world, budget_challenge):
    """What two holes read comes in one statement, each hole getting its own rows; a hole
    that has nothing to read (a visitor) reads nothing; two holes may not share a parameter."""
    _challenge, ideas = budget_challenge
    support_idea(ideas[2], world.citizen)
    commit()
    citizen, author, supported = world.citizen.id, world.author.id, ideas[2].id

    def statement(name: str):
        return lambda: select(Vote.idea_id).where(Vote.user_id == bindparam(name))

    seen: dict[str, list] = {}

    def prepare(name: str):
        return lambda _calls, rows: seen.setdefault(name, rows)

    def render(_args, _prepared):
        return "x"

    saved = dict(shells._holes)
    try:
        shells.register(
            "test_a",
            render,
            prepare("a"),
            shells.Read(statement("a_user"), lambda c: {"a_user": citizen}),
        )
        shells.register(
            "test_b",
            render,
            prepare("b"),
            shells.Read(statement("b_user"), lambda c: {"b_user": author}),
        )
        shells.register(
            "test_none", render, prepare("none"), shells.Read(statement("n"), lambda c: None)
        )
        with app.test_request_context("/"), recorded_statements(commit_first=False) as statements:
            page = f"{shells.hole('test_a')}{shells.hole('test_b')}{shells.hole('test_none')}"
            assert shells.fill(page) == "xxx"
        assert len(statements) == 1 and "UNION ALL" in statements[0]
        assert seen == {"a": [(supported, None)], "b": [], "none": []}
        shells.register(
            "test_b",
            render,
            prepare("b"),
            shells.Read(statement("a_user"), lambda c: {"a_user": 1}),
        )
        with app.test_request_context("/"), pytest.raises(ValueError, match="parameter name"):
            shells.fill(f"{shells.hole('test_a')}{shells.hole('test_b')}")
        with pytest.raises(ValueError, match="a-z"):
            shells.register("Test-C", render)
    finally:
        shells._holes.clear()
        shells._holes.update(saved)


def test_a_kept_csrf_token_is_the_sessions_own_and_works(app, world, budget_challenge):
    """The signed CSRF token is kept a while per session (shells._csrf): the same session gets
    the same token, another session another, and only its own session's token is taken."""
    challenge, ideas = budget_challenge
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        first, second = app.test_client(), app.test_client()
        login(first, world.citizen)
        login(second, world.facilitator)
        path = _path(challenge)
        token = _token(first.get(path).text)
        assert _token(first.get(path).text) == token
        assert _token(second.get(path).text) != token
        support = f"/k/heimby/innspill/{ideas[0].id}/stott"
        assert second.post(support, data={"csrf_token": token}).status_code == 400
        assert first.post(support, data={"csrf_token": token}).status_code == 303
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
