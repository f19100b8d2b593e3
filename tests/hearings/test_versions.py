"""The document's next version: published by staff after the deadline, numbered n+1, and shown
section by section against the one before (added, removed, changed), with <ins>/<del> and text
labels, not colour alone."""

import pytest

from cocreate.extensions import db
from cocreate.hearings.models import HearingSection
from cocreate.hearings.versions import (
    Change,
    VersionError,
    compare,
    diff_versions,
    publish_next_version,
    word_diff,
)
from cocreate.refusals import NotAllowed

from . import test_assess_scene as _scene
from .test_assess_scene import SECTIONS, login

early_scene = _scene.early_scene  # the fixture
scene = _scene.scene  # the fixture

NOTE = "Fortau forbi skolen; avsnittet om grøntområder er tatt ut og erstattet av et om benker."


def _sections(*pairs):
    return [HearingSection(number=n, heading=h, body=b) for n, (h, b) in enumerate(pairs, start=1)]


def _next(scene, actor=None):
    edited = [
        SECTIONS[0],
        ("Trafikk", "Adkomst skjer fra Storgata. Fortauet forlenges forbi skolen."),
        ("Benker", "Det settes opp benker langs gangveien."),
    ]
    return publish_next_version(
        scene.hearing, note=NOTE, sections=edited, actor=actor or scene.world.facilitator
    )


def test_word_diff_marks_added_and_removed_words():
    pieces = word_diff("Det bygges fortau langs veien.", "Det bygges fortau forbi skolen.")
    assert ("=", "Det bygges fortau ") in pieces
    assert ("-", "langs veien.") in pieces and ("+", "forbi skolen.") in pieces
    assert "".join(t for op, t in pieces if op != "-") == "Det bygges fortau forbi skolen."
    assert "".join(t for op, t in pieces if op != "+") == "Det bygges fortau langs veien."


def test_compare_pairs_sections_by_heading():
    old = _sections(("A", "en"), ("B", "to"), ("C", "tre"))
    new = _sections(("A", "en"), ("C", "tre og litt"), ("D", "fire"))
    changes = [(d.change, d.heading) for d in compare(old, new)]
    assert changes == [
        (Change.same, "A"),
        (Change.removed, "B"),
        (Change.changed, "C"),
        (Change.added, "D"),
    ]


def test_a_renamed_section_is_a_change_not_a_removal():
    old = _sections(("A", "en"), ("B", "to"))
    new = _sections(("A", "en"), ("B2", "to"))
    [_same, renamed] = compare(old, new)
    assert renamed.change is Change.changed and renamed.heading_changed


def test_staff_publish_version_two_after_the_deadline(scene):
    version = _next(scene)
    assert version.number == 2 and version.note == NOTE and version.published_at is not None
    diffs = diff_versions(scene.hearing.id, 2)
    assert [(d.change, d.number) for d in diffs] == [
        (Change.same, 1),
        (Change.changed, 2),
        (Change.removed, 3),
        (Change.added, 3),
    ]
    assert "<p>" in db.session.get(HearingSection, diffs[1].after.id).body_html
    assert _next(scene).number == 3


def test_publishing_is_refused_before_the_deadline(early_scene):
    with pytest.raises(NotAllowed, match="høringsfristen er ute"):
        _next(early_scene)


@pytest.mark.parametrize("role", ["citizen", "other_facilitator"])
def test_only_staff_publish(scene, role):
    with pytest.raises(NotAllowed):
        _next(scene, actor=scene.world.roles()[role])


def test_a_case_officer_does_not_publish(scene):
    with pytest.raises(NotAllowed):
        _next(scene, actor=scene.officer)


@pytest.mark.parametrize(
    ("note", "sections"),
    [("", [("A", "en")]), (NOTE, []), (NOTE, [("", "")]), (NOTE, [("x" * 201, "en")])],
)
def test_a_version_needs_a_note_and_valid_sections(scene, note, sections):
    with pytest.raises(VersionError):
        publish_next_version(
            scene.hearing, note=note, sections=sections, actor=scene.world.facilitator
        )


# --- Routes --------------------------------------------------------------------------------------


def _base(scene):
    return f"/k/heimby/horinger/{scene.hearing.id}"


def test_the_form_starts_from_the_latest_version_and_publishes(client, scene):
    login(client, scene.world.facilitator)
    html = client.get(f"{_base(scene)}/ny-versjon").get_data(as_text=True)
    for heading, body in SECTIONS:
        assert heading in html and body in html
    response = client.post(
        f"{_base(scene)}/ny-versjon",
        data={
            "note": NOTE,
            "sections-0-heading": SECTIONS[0][0],
            "sections-0-body": SECTIONS[0][1],
            "sections-1-heading": "Trafikk",
            "sections-1-body": "Adkomst skjer fra Storgata. Fortauet forlenges forbi skolen.",
            "sections-2-heading": SECTIONS[2][0],
            "sections-2-body": SECTIONS[2][1],
            "sections-2-remove": "y",
            "new_heading": "Benker",
            "new_body": "Det settes opp benker langs gangveien.",
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{_base(scene)}/versjon/2")
    diffs = diff_versions(scene.hearing.id, 2)
    assert [d.change for d in diffs] == [
        Change.same,
        Change.changed,
        Change.removed,
        Change.added,
    ]


def test_the_form_refuses_others(client, scene):
    login(client, scene.world.citizen)
    assert client.get(f"{_base(scene)}/ny-versjon").status_code == 403


def test_the_version_page_shows_what_changed_with_ins_del_and_labels(client, scene):
    _next(scene)
    response = client.get(f"{_base(scene)}/versjon/2")  # anonymous: the hearing is public
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert NOTE in html
    assert "<ins>" in html and "<del>" in html
    assert "lagt til:" in html and "fjernet:" in html
    for label in ("Uendret", "Endret", "Fjernet avsnitt", "Nytt avsnitt"):
        assert label in html
    assert "forbi skolen." in html
    assert f'href="{_base(scene)}/versjon/1"' in html


def test_version_one_has_no_diff(client, scene):
    html = client.get(f"{_base(scene)}/versjon/1").get_data(as_text=True)
    assert "<ins>" not in html and SECTIONS[1][1] in html


def test_a_missing_version_or_an_unopened_hearing_is_not_found(client, scene):
    assert client.get(f"{_base(scene)}/versjon/7").status_code == 404
    scene.hearing.opened_at = None
    db.session.flush()
    assert client.get(f"{_base(scene)}/versjon/1").status_code == 404
    login(client, scene.world.facilitator)
    assert client.get(f"{_base(scene)}/versjon/1").status_code == 200


def test_the_versions_partial_links_every_version(app, scene):
    from flask import render_template

    _next(scene)
    with app.test_request_context():
        html = render_template("hearings/merknad/_versions.html", hearing=scene.hearing)
    assert f"{_base(scene)}/versjon/1" in html and f"{_base(scene)}/versjon/2" in html


def test_the_hearing_page_links_the_next_version(client, scene):
    page = client.get(_base(scene)).get_data(as_text=True)
    assert f"{_base(scene)}/versjon/2" not in page
    _next(scene)
    page = client.get(_base(scene)).get_data(as_text=True)
    assert f'href="{_base(scene)}/versjon/2"' in page and "Versjoner av dokumentet" in page
