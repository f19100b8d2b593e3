"""The site search over its real indexes (FTS5 on SQLite; norwegian + pg_trgm on PostgreSQL)."""

import pytest

from cocreate.ideas.stages import Stage
from cocreate.search.queries import SearchFilter, search


def _found(query: str, **filters) -> set[tuple[str, str]]:
    page = search(SearchFilter(query, **filters))
    return {
        (hit.kind, str(hit.title).replace("<mark>", "").replace("</mark>", "")) for hit in page.hits
    }


def _titles(query: str, **filters) -> set[str]:
    return {title for _kind, title in _found(query, **filters)}


def test_every_public_kind_is_found(scene):
    found = _found("sykkelvei", municipality_id=scene.heimby.id)
    assert ("idea", "Egen sykkelvei til skolen") in found
    assert ("workshop", "Verksted om sykkelveier") in found
    # The answer is found by its own words; it carries its idea's title.
    assert ("answer", "Egen sykkelvei til skolen") in _found("Storgata sommer")
    assert ("challenge", "Tryggere skolevei for barna") in _found("skolevei")


def test_nothing_hidden_pending_merged_or_draft_is_found(scene):
    titles = _titles("sykkelvei")
    assert "Sykkelvei skjult" not in titles
    assert "Sykkelvei venter" not in titles
    assert "Sykkelvei i utkastet" not in titles
    assert "Hemmelig sykkelvei-plan" not in titles


def test_an_answer_of_a_hidden_idea_is_not_found(scene):
    from cocreate.ideas.models import Visibility

    scene.bike.visibility = Visibility.hidden
    scene.bike.hidden_reason = "spam"
    assert not any(kind == "answer" for kind, _ in _found("Storgata sommer"))


def test_norwegian_inflection_finds_the_base_form(scene):
    assert "Egen sykkelvei til skolen" in _titles("sykkelveier")
    assert "Egen sykkelvei til skolen" in _titles("sykkelveiene")


def test_a_typo_still_finds(scene):
    assert "Egen sykkelvei til skolen" in _titles("sykelvei")


def test_municipality_filter_and_installation_wide(scene):
    assert "Sykkelvei over fjellet" in _titles("sykkelvei")
    assert "Sykkelvei over fjellet" not in _titles("sykkelvei", municipality_id=scene.heimby.id)
    assert _titles("sykkelvei", municipality_id=scene.bortby.id) == {
        "Sykkelvei over fjellet",
        "Sykkelvei i Bortby",
    }


def test_principle_filter(scene):
    from sqlalchemy import select

    from cocreate.extensions import db
    from cocreate.reference.models import Principle

    two = db.session.scalar(select(Principle.id).where(Principle.number == 2))
    titles = _titles("sykkelvei", principle_id=two)
    assert "Egen sykkelvei til skolen" in titles
    assert "Sykkelvei over fjellet" not in titles


def test_stage_filter_keeps_ideas_and_answers_of_that_stage(scene):
    found = _found("sykkelvei", stage=Stage.assessed)
    assert found and {kind for kind, _ in found} <= {"idea", "answer"}
    assert "Sykkelvei over fjellet" not in {t for _, t in found}  # still heard
    assert ("idea", "Sykkelvei over fjellet") in _found("sykkelvei", stage=Stage.heard)


def test_results_are_highlighted_and_ranked(scene):
    page = search(SearchFilter("sykkelvei", municipality_id=scene.heimby.id))
    assert page.total == len(page.hits) >= 2
    assert any("<mark>" in str(hit.title) for hit in page.hits)
    ranks = [hit.rank for hit in page.hits]
    assert ranks == sorted(ranks, reverse=True)


def test_user_text_cannot_inject_markup_through_highlighting(scene, create_idea_f):
    create_idea_f(
        scene.traffic,
        scene.citizen,
        title="Sykkelvei <script>alert(1)</script> \ue000<b>x</b>",
        body="<img src=x onerror=alert(1)> sykkelvei \ue001",
    )
    page = search(SearchFilter("sykkelvei alert", municipality_id=scene.heimby.id))
    html = " ".join(str(hit.title) + str(hit.snippet) for hit in page.hits)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    assert html.count("<mark>") == html.count("</mark>") > 0


def test_edits_are_searchable_in_the_same_transaction(scene):
    from cocreate.extensions import db

    scene.benches.title = "Flere lekeplasser"
    db.session.flush()
    assert "Flere lekeplasser" in _titles("lekeplasser")
    assert "Flere benker" not in _titles("benker")


def test_pagination(scene, create_idea_f):
    for n in range(5):
        create_idea_f(scene.green, scene.citizen, title=f"Parkbenk nummer {n}", body="Benk.")
    first = search(SearchFilter("parkbenk"), page=1, per_page=2)
    third = search(SearchFilter("parkbenk"), page=3, per_page=2)
    assert first.total == 5 and first.pages == 3
    assert len(first.hits) == 2 and len(third.hits) == 1
    assert not {h.id for h in first.hits} & {h.id for h in third.hits}


@pytest.mark.parametrize("query", ["", "   ", "!!!"])
def test_no_words_no_hits(scene, query):
    assert search(SearchFilter(query)).total == 0


def test_similar_ideas_share_at_least_half_of_the_words(scene):
    from cocreate.search.similar import is_alike, similar_ideas

    assert is_alike("Sykkelvei til skolen", "Egen sykkelvei til skolen")
    assert is_alike("Sykkelveier ved skolen", "Egen sykkelvei til skolen")  # inflected
    assert not is_alike("Sykkelvei, gatelys og benker ved badeplassen", "Egen sykkelvei")
    assert [i.title for i in similar_ideas(scene.traffic.id, "Sykkelvei til skolen")] == [
        "Egen sykkelvei til skolen"
    ]
    assert similar_ideas(scene.traffic.id, "Gatelys, benker og sykkelvei ved badeplassen") == []
    # Only the challenge's own, published ideas.
    assert similar_ideas(scene.far.id, "Egen sykkelvei til skolen") == []
