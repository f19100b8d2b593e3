"""Results through HTTP: every route for every role (anonymous, citizen, the case officer of the
result's department, another case officer, facilitator, admin, an admin of another
municipality), the staff's flows end to end, and the public pages."""

from urllib.parse import quote

import pytest
from sqlalchemy import event, select

from cocreate.extensions import db
from cocreate.ideas.stages import Stage
from cocreate.results.models import Result, ResultMilestone, ResultStatus
from cocreate.results.services import create_result, link_inputs, report_progress
from tests.results.conftest import ROLES, login

OK, LOGIN, DENY = "ok", "login", "deny"
ANSWER = "Tiltaket er gjennomført: busslommen og fotgjengerfeltet er bygget."


def _outcome(response) -> str:
    if response.status_code in (302, 303) and "/logg-inn" in response.headers["Location"]:
        return LOGIN
    if response.status_code == 403:
        return DENY
    assert response.status_code < 500, response.status_code
    return OK


def _routes(results):
    r, c = results.result.id, results.challenge.id
    idea, statement = results.ideas[0].id, results.statement.id
    milestone = results.milestone.id
    base = f"/k/heimby/resultater/{r}"
    return {
        ("GET", "/k/heimby/resultater"): "public",
        ("GET", f"/k/heimby/utfordringer/{c}/resultater"): "public",
        ("GET", base): "public",
        ("GET", "/k/heimby/vedtak/2026/123"): "public",
        ("GET", f"/k/heimby/utfordringer/{c}/resultater/ny"): "staff",
        ("POST", f"/k/heimby/utfordringer/{c}/resultater/ny"): "staff",
        ("GET", f"{base}/rediger"): "staff",
        ("POST", f"{base}/rediger"): "staff",
        ("GET", f"{base}/behandle"): "update",
        ("POST", f"{base}/fremdrift"): "update",
        ("POST", f"{base}/innspill"): "staff",
        ("POST", f"{base}/innspill/{idea}/fjern"): "staff",
        ("POST", f"{base}/uttalelser"): "staff",
        ("POST", f"{base}/uttalelser/{statement}/fjern"): "staff",
        ("POST", f"{base}/milepaeler"): "staff",
        ("POST", f"{base}/milepaeler/{milestone}/nadd"): "update",
        ("POST", f"{base}/milepaeler/{milestone}/fjern"): "staff",
        ("POST", f"{base}/gjort"): "staff",
    }


ALLOWED = {
    "public": set(ROLES),
    "staff": {"facilitator", "admin"},
    "update": {"officer", "facilitator", "admin"},
}


@pytest.fixture
def with_milestone(results):
    from datetime import date

    from cocreate.results.services import add_milestone

    results.milestone = add_milestone(
        results.result, title="Prosjektering", due_on=date(2026, 5, 1), actor=results.world.admin
    )
    return results


@pytest.mark.parametrize("role", ROLES)
def test_every_results_route_for_every_role(app, client, with_milestone, role):
    results = with_milestone
    user = results.roles()[role]
    login(client, user)
    wrong = []
    for (method, url), kind in _routes(results).items():
        got = _outcome(client.open(url, method=method, data={}))
        if kind == "public":
            want = OK
        else:
            want = LOGIN if user is None else OK if role in ALLOWED[kind] else DENY
        if got != want:
            wrong.append(f"{method} {url}: expected {want}, got {got}")
        db.session.rollback()
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)


def test_another_municipalitys_slug_is_404(client, results):
    login(client, results.world.other_admin)
    assert client.get(f"/k/bortby/resultater/{results.result.id}").status_code == 404
    assert client.get(f"/k/bortby/resultater/{results.result.id}/behandle").status_code == 404


def test_staff_create_and_edit_with_norwegian_errors(client, results):
    login(client, results.world.admin)
    url = f"/k/heimby/utfordringer/{results.challenge.id}/resultater/ny"
    page = client.get(url).get_data(as_text=True)
    assert "Samferdsel" in page and "Kostnadsoverslag" in page
    bad = client.post(url, data={"title": "Lys i parken", "cost_estimate": "-200"})
    assert bad.status_code == 400
    assert "Beløpet kan ikke være negativt." in bad.get_data(as_text=True)
    bad = client.post(url, data={"title": "Lys i parken", "cost_estimate": "mange penger"})
    assert "Skriv beløpet i hele kroner" in bad.get_data(as_text=True)
    response = client.post(
        url,
        data={
            "title": "Lys i parken",
            "description": "Nye *lamper*.",
            "department_id": str(results.school.id),
            "cost_estimate": "1 250 000 kr",
            "actual_cost": "",
            "decision_reference": "2026/77",
        },
    )
    assert response.status_code == 303
    result = db.session.scalar(select(Result).where(Result.title == "Lys i parken"))
    assert result.cost_estimate == 1_250_000 and result.department_id == results.school.id
    edit = client.post(
        f"/k/heimby/resultater/{result.id}/rediger",
        data={
            "title": "Lys i parken",
            "description": "Nye *lamper*.",
            "actual_cost": "990000",
            "department_id": "0",
        },
    )
    assert edit.status_code == 303
    db.session.expire_all()
    assert result.actual_cost == 990_000 and result.department_id is None
    page = client.get(f"/k/heimby/resultater/{result.id}").get_data(as_text=True)
    # nb groups thousands with a no-break space.
    assert "990\xa0000 kr" in page and "<em>lamper</em>" in page


def test_progress_then_done_and_move_inputs(client, results):
    login(client, results.world.admin)
    result = results.result
    base = f"/k/heimby/resultater/{result.id}"
    ids = [str(i.id) for i in results.ideas]
    assert client.post(f"{base}/innspill", data={"idea_ids": ids}).status_code == 303
    stop = client.post(
        f"{base}/fremdrift", data={"progress": "10", "status": "stopped", "note": "Stans"}
    )
    assert stop.status_code == 303
    assert "Skriv hvorfor tiltaket er stanset." in client.get(f"{base}/behandle").get_data(
        as_text=True
    )
    client.post(
        f"{base}/fremdrift", data={"progress": "50", "status": "under_way", "note": "Halvveis"}
    )
    client.post(f"{base}/fremdrift", data={"progress": "100", "status": "done", "note": "Ferdig!"})
    db.session.expire_all()
    assert result.status is ResultStatus.done and result.progress == 100
    page = client.get(base).get_data(as_text=True)
    assert "Halvveis" in page and "Ferdig!" in page and "<progress" in page
    moved = client.post(f"{base}/gjort", data={"answer": ANSWER}, follow_redirects=True)
    assert "4 innspill er flyttet til «Gjort»." in moved.get_data(as_text=True)
    db.session.expire_all()
    assert all(i.stage is Stage.done for i in results.ideas)
    again = client.post(f"{base}/gjort", data={"answer": ANSWER}, follow_redirects=True)
    assert "Ingen av innspillene kan flyttes" in again.get_data(as_text=True)


def test_milestones_and_statements_through_the_page(client, results):
    login(client, results.world.admin)
    base = f"/k/heimby/resultater/{results.result.id}"
    client.post(f"{base}/milepaeler", data={"title": "Bygging", "due_on": "2026-09-01"})
    milestone = db.session.scalar(select(ResultMilestone))
    client.post(f"{base}/milepaeler/{milestone.id}/nadd")
    db.session.expire_all()
    assert milestone.done_on is not None
    client.post(f"{base}/uttalelser", data={"statement_ids": [str(results.statement.id)]})
    page = client.get(base).get_data(as_text=True)
    assert "Bygging" in page and "Heimby idrettsråd" in page and "nådd" in page
    client.post(f"{base}/uttalelser/{results.statement.id}/fjern")
    client.post(f"{base}/milepaeler/{milestone.id}/fjern")
    page = client.get(base).get_data(as_text=True)
    assert "Bygging" not in page and "Heimby idrettsråd" not in page


def test_the_idea_page_shows_the_result_and_its_progress(client, results):
    link_inputs(results.result, results.ideas[:1], actor=results.world.admin)
    report_progress(
        results.result,
        progress=40,
        status=ResultStatus.under_way,
        note="I gang",
        actor=results.world.admin,
    )
    db.session.commit()
    page = client.get(f"/k/heimby/innspill/{results.ideas[0].id}").get_data(as_text=True)
    assert "Tiltak som svarer på innspillet" in page and "Trygg skolevei i sentrum" in page
    assert 'value="40"' in page
    other = client.get(f"/k/heimby/innspill/{results.ideas[1].id}").get_data(as_text=True)
    assert "Tiltak som svarer på innspillet" not in other


def test_resultater_groups_filters_and_counts(client, results, create_challenge_f):
    admin = results.world.admin
    link_inputs(results.result, results.ideas, actor=admin)
    other = create_challenge_f(results.world.municipality, principles=(2,), title="Bibliotek")
    create_result(other, title="Lengre åpningstider", actor=admin)
    db.session.commit()
    page = client.get("/k/heimby/resultater").get_data(as_text=True)
    assert "Planlagt" in page and "Trygg skolevei i sentrum" in page
    assert "Lengre åpningstider" in page and "4 innspill bak tiltaket" in page
    principle = results.challenge.principles[1].slug  # principle 4
    filtered = client.get(f"/k/heimby/resultater?prinsipp={principle}").get_data(as_text=True)
    assert "Trygg skolevei i sentrum" in filtered and "Lengre åpningstider" not in filtered
    page = client.get(f"/k/heimby/utfordringer/{other.id}/resultater").get_data(as_text=True)
    assert "Lengre åpningstider" in page and "Trygg skolevei" not in page


def test_resultater_query_count_does_not_grow_with_results(app, client, results):
    def count(url: str) -> int:
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    admin = results.world.admin
    link_inputs(results.result, results.ideas[:2], actor=admin)
    db.session.commit()
    count("/k/heimby/resultater")  # what is kept per page generation (the målform) is read once
    one = count("/k/heimby/resultater")
    for n in range(6):
        extra = create_result(results.challenge, title=f"Tiltak nummer {n}", actor=admin)
        link_inputs(extra, results.ideas[n % 4 :], actor=admin)
        report_progress(
            extra, progress=10 * n + 5, status=ResultStatus.under_way, note="x", actor=admin
        )
    db.session.commit()
    count("/k/heimby/resultater")  # the new generation's kept values are read once
    assert count("/k/heimby/resultater") == one


def test_trace_page(client, results):
    from cocreate.pipeline.services import move_idea

    admin = results.world.admin
    link_inputs(results.result, results.ideas[:2], actor=admin)
    move_idea(
        results.ideas[3],
        Stage.declined,
        answer="Kommunestyret sa nei til dette.",
        actor=admin,
        reference="2026/123",
    )
    from cocreate.results.services import link_statements

    link_statements(results.result, [results.statement], actor=admin)
    db.session.commit()
    page = client.get("/k/heimby/vedtak/" + quote("2026/123")).get_data(as_text=True)
    for title in ("Ny busslomme ved skolen", "Gatelys langs elva", "Sykkelparkering ved stasjonen"):
        assert title in page
    assert "Fotgjengerfelt ved butikken" not in page
    assert "Kommunestyret sa nei til dette." in page and "Ikke tatt til følge" in page
    assert "Delvis tatt til følge" in page and "Heimby idrettsråd" in page
    # The result's page links to its decision.
    detail = client.get(f"/k/heimby/resultater/{results.result.id}").get_data(as_text=True)
    assert "/k/heimby/vedtak/2026/123" in detail


def test_link_an_input_of_another_challenge_by_number(
    client, results, create_challenge_f, create_idea_f
):
    other = create_challenge_f(results.world.municipality, title="Et annet spørsmål")
    idea = create_idea_f(other, results.world.citizen, title="Benker i parken")
    elsewhere = create_idea_f(create_challenge_f(results.world.other), results.world.citizen)
    login(client, results.world.admin)
    base = f"/k/heimby/resultater/{results.result.id}"
    page = client.post(f"{base}/innspill", data={"other_ids": "abc"}, follow_redirects=True)
    assert "med sifre og komma" in page.get_data(as_text=True)
    page = client.post(f"{base}/innspill", data={"other_ids": "99999"}, follow_redirects=True)
    assert "Fant ikke innspill nummer 99999." in page.get_data(as_text=True)
    page = client.post(
        f"{base}/innspill", data={"other_ids": str(elsewhere.id)}, follow_redirects=True
    )
    assert "hører til en annen kommune" in page.get_data(as_text=True)
    page = client.post(
        f"{base}/innspill",
        data={"idea_ids": [str(results.ideas[0].id)], "other_ids": f"#{idea.id}"},
        follow_redirects=True,
    )
    assert "2 innspill er knyttet til resultatet." in page.get_data(as_text=True)
    detail = client.get(base).get_data(as_text=True)
    assert "Benker i parken" in detail and "Ny busslomme ved skolen" in detail


def test_moving_to_gjort_tells_which_inputs_were_skipped(client, results):
    from cocreate.pipeline.services import move_idea

    admin = results.world.admin
    link_inputs(results.result, results.ideas, actor=admin)
    move_idea(results.ideas[3], Stage.declined, answer="Vi går ikke videre med dette.", actor=admin)
    report_progress(results.result, progress=100, status=ResultStatus.done, note="x", actor=admin)
    db.session.commit()
    login(client, admin)
    base = f"/k/heimby/resultater/{results.result.id}"
    page = client.post(f"{base}/gjort", data={"answer": ANSWER}, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "3 innspill er flyttet til «Gjort»." in text
    assert "«Sykkelparkering ved stasjonen» sto allerede i steget «Ikke videreført»" in text


def test_a_milestone_needs_a_valid_date(client, results):
    login(client, results.world.admin)
    base = f"/k/heimby/resultater/{results.result.id}"
    page = client.post(
        f"{base}/milepaeler", data={"title": "Bygging", "due_on": "snart"}, follow_redirects=True
    )
    assert "Skriv en gyldig dato" in page.get_data(as_text=True)
    assert db.session.scalar(select(ResultMilestone)) is None


def test_resultater_filters_by_target_image(client, results, create_challenge_f):
    from cocreate.reference.models import TargetImage

    images = list(db.session.scalars(select(TargetImage).order_by(TargetImage.number)))
    other = create_challenge_f(
        results.world.municipality, title="Bibliotek", target_images=[images[0]]
    )
    create_result(other, title="Lengre åpningstider", actor=results.world.admin)
    db.session.commit()
    page = client.get(f"/k/heimby/resultater?malbilde={images[0].slug}").get_data(as_text=True)
    assert "Lengre åpningstider" in page and "Trygg skolevei i sentrum" not in page


def test_a_reference_nothing_public_cites_is_404(client, results):
    assert client.get("/k/heimby/vedtak/1999/1").status_code == 404
    assert client.get("/k/heimby/vedtak/%00").status_code == 404
    assert client.get("/k/heimby/vedtak/" + "x" * 301).status_code == 404
    assert client.get("/k/heimby/vedtak/2026/123").status_code == 200  # the result cites it


def test_a_cost_larger_than_the_column_is_refused_in_words(client, results):
    login(client, results.world.admin)
    url = f"/k/heimby/utfordringer/{results.challenge.id}/resultater/ny"
    for amount in ("2 147 483 648", "99999999999999999999"):
        page = client.post(url, data={"title": "Stort tiltak", "cost_estimate": amount})
        assert page.status_code == 400
        assert "høyst 2 147 483 647 kroner" in page.get_data(as_text=True)
