"""E-mails about one municipality's challenges, inputs, hearings and results follow its målform
for people who chose no language: subject, text and footer alike. Someone who chose bokmål keeps
bokmål. (The answer e-mail: tests/translation/test_malform.py.)"""

import pytest
from sqlalchemy import select

from cocreate.accounts.models import Role
from cocreate.challenges.following import follow_topic
from cocreate.challenges.models import Phase
from cocreate.database import commit
from cocreate.extensions import db
from cocreate.ideas.services import post_comment, support_idea
from cocreate.ideas.stages import Stage
from cocreate.municipalities.models import District, WrittenLanguage
from cocreate.notifications.models import OutboxMessage
from cocreate.pipeline.services import move_idea
from cocreate.translation.services import set_language

# Footer lines compose() writes, bokmål and nynorsk (cocreate/translations/nn/.../messages.po).
FOOTER_NB = "Du får denne e-posten fordi du har valgt å få varsler om:"
FOOTER_NN = "Du får denne e-posten fordi du har valt å få varsel om:"


@pytest.fixture
def nynorsk(world):
    """Heimby writes nynorsk; the author chose no language, the citizen chose bokmål."""
    set_language(world.municipality, WrittenLanguage.nn, False, actor=world.admin)
    commit()
    assert world.author.locale is None
    world.citizen.locale = "nb"
    db.session.flush()
    return world


def _mail(address: str, kind: str) -> OutboxMessage:
    """The latest e-mail of the kind to the address."""
    db.session.flush()
    row = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.to_address == address, OutboxMessage.kind == kind)
        .order_by(OutboxMessage.id.desc())
    ).first()
    assert row is not None, (address, kind)
    return row


def _in_nynorsk(row: OutboxMessage, *, subject: str = "", text: str = "") -> None:
    assert subject in row.subject
    assert text in row.text
    assert FOOTER_NN in row.text and FOOTER_NB not in row.text
    assert "Slutt å få slike e-postar" in row.text
    assert 'lang="nn"' in (row.html or "")


def _in_bokmal(row: OutboxMessage, *, subject: str = "", text: str = "") -> None:
    assert subject in row.subject
    assert text in row.text
    assert FOOTER_NB in row.text and FOOTER_NN not in row.text
    assert 'lang="nb"' in (row.html or "")


def test_comment_reply(nynorsk, create_challenge_f, create_idea_f):
    w = nynorsk
    idea = create_idea_f(create_challenge_f(w.municipality), w.facilitator, title="Benker")
    first = post_comment(idea, body="Gjerne ved elva.", author=w.author)
    reply = post_comment(idea, body="Enig!", author=w.citizen, parent=first)
    post_comment(idea, body="Vi ser på det.", author=w.facilitator, parent=reply)
    _in_nynorsk(
        _mail(w.author.email, "comment_reply"),
        text="Nokon har svart på kommentaren din til innspelet «Benker»:",
    )
    _in_bokmal(
        _mail(w.citizen.email, "comment_reply"),
        text="Noen har svart på kommentaren din til innspillet «Benker»:",
    )


def test_result_update(nynorsk, create_challenge_f, create_idea_f):
    from cocreate.results.models import ResultStatus
    from cocreate.results.services import create_result, link_inputs, report_progress

    w = nynorsk
    idea = create_idea_f(create_challenge_f(w.municipality), w.author, title="Busslomme")
    support_idea(idea, w.citizen)
    result = create_result(
        idea.challenge,
        title="Trygg skolevei",
        description="Vi bygger busslomme.",
        department=None,
        cost_estimate=None,
        decision_reference="2026/1",
        actor=w.admin,
    )
    link_inputs(result, [idea], actor=w.admin)
    report_progress(
        result, progress=50, status=ResultStatus.under_way, note="Halvveis.", actor=w.admin
    )
    _in_nynorsk(
        _mail(w.author.email, "result_updated"),
        text="Tiltaket «Trygg skolevei» svarar på eit innspel du har sendt inn",
    )
    _in_bokmal(
        _mail(w.citizen.email, "result_updated"),
        text="Tiltaket «Trygg skolevei» svarer på et innspill du har sendt inn",
    )


def test_hidden_input(nynorsk, create_challenge_f, create_idea_f):
    from cocreate.moderation.services import hide_content

    w = nynorsk
    challenge = create_challenge_f(w.municipality)
    mine = create_idea_f(challenge, w.author, title="Kjøp reklame")
    theirs = create_idea_f(challenge, w.citizen, title="Mer reklame")
    for idea in (mine, theirs):
        hide_content(idea, reason="spam", note="Reklame for et firma.", actor=w.facilitator)
    _in_nynorsk(
        _mail(w.author.email, "idea_moderated"), subject="Innspelet ditt «Kjøp reklame» er gøymt"
    )
    _in_bokmal(
        _mail(w.citizen.email, "idea_moderated"), subject="Innspillet ditt «Mer reklame» er skjult"
    )


def test_challenge_opened_for_followers(nynorsk, create_challenge_f):
    w = nynorsk
    sentrum = db.session.scalar(
        select(District).where(
            District.municipality_id == w.municipality.id, District.name == "Sentrum"
        )
    )
    follow_topic(w.author, sentrum)
    follow_topic(w.citizen, sentrum)
    from cocreate.challenges.services import advance_phase

    challenge = create_challenge_f(
        w.municipality, phase=Phase.draft, title="Skoleveien", districts=[sentrum]
    )
    advance_phase(challenge, actor=w.facilitator)
    _in_nynorsk(
        _mail(w.author.email, "challenge_opened"),
        text="spør om «Skoleveien», og du kan sende inn innspel no.",
    )
    _in_bokmal(
        _mail(w.citizen.email, "challenge_opened"),
        text="spør om «Skoleveien», og du kan sende inn innspill nå.",
    )


def test_adoption_tells_the_origins_staff_in_the_origins_malform(
    nynorsk, create_challenge_f, create_idea_f
):
    from cocreate.gallery.models import AdoptionKind
    from cocreate.gallery.queries import find_entry
    from cocreate.gallery.services import adopt_solution

    w = nynorsk
    assert w.admin.locale is None
    w.facilitator.locale = "nb"
    idea = create_idea_f(create_challenge_f(w.municipality), w.author, title="Benker i parken")
    move_idea(
        idea,
        Stage.decided,
        answer="Vi har vedtatt å gjøre dette nå.",
        actor=w.admin,
        reference="2026/17",
    )
    move_idea(idea, Stage.done, answer="Benkene er satt opp i parken, og de brukes.", actor=w.admin)
    entry = find_entry("idea", idea.id)
    adopt_solution(
        entry,
        w.other,  # Bortby writes bokmål: the e-mail is the origin's (Heimby's) news
        kind=AdoptionKind.challenge,
        title=entry.title,
        description="Fra Heimby.",
        actor=w.other_admin,
        origin_url="http://localhost/k/heimby/innspill/1",
        origin_link=f"/k/heimby/innspill/{idea.id}",
    )
    _in_nynorsk(
        _mail(w.admin.email, "solution_adopted"),
        subject="Bortby kommune tek i bruk «Benker i parken»",
    )
    _in_bokmal(
        _mail(w.facilitator.email, "solution_adopted"),
        subject="Bortby kommune tar i bruk «Benker i parken»",
    )


def test_case_assignment(nynorsk, create_user_f, create_challenge_f, create_idea_f):
    from cocreate.cases.services import add_department_member, assign_inputs, create_department

    w = nynorsk
    department = create_department(w.municipality, name="Samferdsel", email=None, actor=None)
    officers = [
        create_user_f(f"sak{n}@heimby.no", role=Role.case_officer, municipality=w.municipality)
        for n in (1, 2)
    ]
    officers[1].locale = "nb"
    challenge = create_challenge_f(w.municipality)
    for n, officer in enumerate(officers):
        add_department_member(department, officer, actor=None)
        idea = create_idea_f(challenge, w.author, title=f"Busslomme {n}")
        assign_inputs([idea], department, officer, actor=w.admin)
    _in_nynorsk(
        _mail("sak1@heimby.no", "case_assigned"),
        subject="Du har fått innspelet «Busslomme 0» til behandling",
        text="Desse innspela er tildelte deg i Samferdsel:",
    )
    _in_bokmal(
        _mail("sak2@heimby.no", "case_assigned"),
        subject="Du har fått innspillet «Busslomme 1» til behandling",
        text="Disse innspillene er tildelt deg i Samferdsel:",
    )


def test_answers_given_together_keep_the_footer_in_the_malform(
    nynorsk, create_challenge_f, create_idea_f
):
    """Bulk answers hold the e-mails until the end (one e-mail per person): the footer written
    then is in the målform too, as the subject and text written while answering."""
    from cocreate.answers.bulk import BulkAction, answer_many

    w = nynorsk
    challenge = create_challenge_f(w.municipality)
    ideas = [create_idea_f(challenge, w.author, title=f"Benk {n}") for n in (1, 2)]
    ideas.append(create_idea_f(challenge, w.citizen, title="Benk 3"))
    answer_many(
        w.municipality,
        ideas,
        BulkAction.move,
        to_stage=Stage.assessed,
        answer="Vi har vurdert innspillene grundig.",
        actor=w.facilitator,
    )
    _in_nynorsk(_mail(w.author.email, "idea_moved"), text="Innspelet «Benk 1»")
    _in_bokmal(_mail(w.citizen.email, "idea_moved"), text="Innspillet «Benk 3»")
