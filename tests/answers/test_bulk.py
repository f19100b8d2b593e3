"""One answer to many inputs: a history row and an answer for each, all or nothing with the
reasons, one e-mail per person for the whole action (real SMTP), and the route for every role."""

import pytest
from sqlalchemy import func, select

from cocreate.answers.bulk import BulkAction, BulkRefused, answer_many
from cocreate.answers.services import create_template
from cocreate.database import commit
from cocreate.extensions import db
from cocreate.ideas.services import follow_idea
from cocreate.ideas.stages import Stage
from cocreate.moderation.merging import merge_ideas
from cocreate.notifications.models import Notification, OutboxMessage
from cocreate.notifications.outbox import send_pending
from cocreate.pipeline.models import ChangeKind, StageChange
from cocreate.pipeline.services import move_idea
from tests.smtp import part, subject

from .conftest import ANSWER, login

ROLES = ["anonymous", "citizen", "author", "other_facilitator", "facilitator", "admin"]
STAFF = {"facilitator", "admin"}
TITLES = ("Benker ved fjorden", "Lys i tunnelen", "Sykkelstativ ved skolen")


@pytest.fixture
def three(world, challenge, create_idea_f):
    return [create_idea_f(challenge, world.author, title=title) for title in TITLES]


def _changes(idea):
    return db.session.scalars(
        select(StageChange).where(StageChange.idea_id == idea.id).order_by(StageChange.id)
    ).all()


def test_each_input_gets_its_own_history_row_and_filled_answer(world, challenge, three):
    changes = answer_many(
        world.municipality,
        three,
        BulkAction.move,
        answer="Om «{tittel}» i «{utfordring}»: vi har vurdert det. {ukjent} står.",
        actor=world.facilitator,
        to_stage=Stage.assessed,
        reference="PS 12/26",
    )
    commit()
    assert len(changes) == 3
    for idea in three:
        [change] = _changes(idea)
        assert change.kind is ChangeKind.move and change.to_stage is Stage.assessed
        assert change.answer == (
            f"Om «{idea.title}» i «{challenge.title}»: vi har vurdert det. {{ukjent}} står."
        )
        assert change.reference == "PS 12/26"
        assert idea.stage is Stage.assessed


def test_corrections_and_progress_updates_in_bulk(world, three):
    for idea in three:
        move_idea(idea, Stage.piloting, answer=ANSWER, actor=world.facilitator)
    answer_many(
        world.municipality,
        three,
        BulkAction.progress,
        answer="Arbeidet er i gang, og vi melder igjen i mai.",
        actor=world.admin,
    )
    answer_many(
        world.municipality,
        three,
        BulkAction.correct,
        answer="Rettelse: arbeidet starter i juni, ikke i mai.",
        actor=world.admin,
    )
    commit()
    for idea in three:
        kinds = [c.kind for c in _changes(idea)]
        assert kinds == [ChangeKind.move, ChangeKind.progress, ChangeKind.correction]
        assert idea.stage is Stage.piloting


def test_all_or_nothing_names_each_refused_input_and_why(world, three):
    move_idea(three[1], Stage.done, answer=ANSWER, actor=world.facilitator)
    commit()
    with pytest.raises(BulkRefused) as refused:
        answer_many(
            world.municipality,
            three,
            BulkAction.move,
            answer=ANSWER,
            actor=world.facilitator,
            to_stage=Stage.decided,
        )
    [failure] = refused.value.failures
    assert failure.idea.id == three[1].id
    assert "kan ikke flyttes fra «Gjort» til «Besluttet»" in failure.reason
    db.session.rollback()
    assert [len(_changes(idea)) for idea in three] == [0, 1, 0]
    assert db.session.scalar(select(func.count(Notification.id))) == 1  # the earlier move's


def test_the_route_shows_the_refused_inputs_and_saves_nothing(client, auth, world, three):
    move_idea(three[0], Stage.scaled, answer=ANSWER, actor=world.facilitator)
    commit()
    login(auth, world, "facilitator")
    response = client.post(
        "/k/heimby/saker/samlet-svar",
        data={
            "idea": [str(i.id) for i in three],
            "action": "progress",
            "answer": "Arbeidet er i gang, og vi melder igjen i mai.",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Ingenting ble lagret" in page and TITLES[0] in page
    assert "«Skalert» er et sluttsteg" in page
    assert [len(_changes(idea)) for idea in three] == [1, 0, 0]


@pytest.mark.parametrize("role", ROLES)
def test_bulk_route_for_every_role(client, auth, world, three, role):
    login(auth, world, role)
    ids = [str(i.id) for i in three]
    shown = client.get("/k/heimby/saker/samlet-svar", query_string={"idea": ids})
    posted = client.post(
        "/k/heimby/saker/samlet-svar",
        data={"idea": ids, "action": "move", "to_stage": "assessed", "answer": ANSWER},
    )
    if role == "anonymous":
        assert shown.status_code == posted.status_code == 302
    elif role in STAFF:
        assert shown.status_code == 200 and all(t in shown.get_data(as_text=True) for t in TITLES)
        assert posted.status_code == 302
    else:
        assert shown.status_code == posted.status_code == 403
    done = 1 if role in STAFF else 0
    assert [len(_changes(idea)) for idea in three] == [done] * 3


def test_inputs_of_another_municipality_are_404(client, auth, world, three):
    login(auth, world, "other_facilitator")
    ids = [str(i.id) for i in three]
    assert client.get("/k/bortby/saker/samlet-svar", query_string={"idea": ids}).status_code == 404
    posted = client.post(
        "/k/bortby/saker/samlet-svar",
        data={"idea": ids, "action": "move", "to_stage": "assessed", "answer": ANSWER},
    )
    assert posted.status_code == 404
    assert [len(_changes(idea)) for idea in three] == [0, 0, 0]


def test_a_template_fills_the_bulk_form_without_javascript(client, auth, world, three):
    template = create_template(
        world.municipality,
        title="Vurdert",
        body="Takk for «{tittel}». Vi har vurdert det.",
        actor=world.admin,
    )
    commit()
    login(auth, world, "facilitator")
    page = client.get(
        "/k/heimby/saker/samlet-svar",
        query_string={"idea": [str(i.id) for i in three], "mal": template.id},
    ).get_data(as_text=True)
    assert "Takk for «{tittel}». Vi har vurdert det.</textarea>" in page.replace("&#34;", '"')


def test_one_email_per_person_naming_every_input(
    real_smtp, client, auth, world, three, create_user_f
):
    follower = create_user_f("folger@example.no")
    for idea in three:
        follow_idea(idea, follower)
    other = create_user_f("bare-en@example.no")
    follow_idea(three[0], other)
    commit()
    login(auth, world, "facilitator")
    response = client.post(
        "/k/heimby/saker/samlet-svar",
        data={
            "idea": [str(i.id) for i in three],
            "action": "move",
            "to_stage": "assessed",
            "answer": "Vi har vurdert «{tittel}» og tar det med i planarbeidet.",
        },
    )
    assert response.status_code == 302
    send_pending()
    by_address: dict[str, list] = {}
    for message in real_smtp.messages:
        by_address.setdefault(str(message["To"]), []).append(message)
    # The author wrote all three and the follower follows all three: one mail each.
    assert sorted(by_address) == ["bare-en@example.no", "folger@example.no", "forfatter@example.no"]
    for address in ("folger@example.no", "forfatter@example.no"):
        [mail] = by_address[address]
        text = part(mail)
        assert "3 innspill" in subject(mail)
        for title in TITLES:
            assert title in text
            assert f"Vi har vurdert «{title}»" in text
    [single] = by_address["bare-en@example.no"]
    assert TITLES[0] in subject(single) and TITLES[1] not in part(single)
    # In the app, each input is still its own notification.
    assert (
        db.session.scalar(
            select(func.count(Notification.id)).where(Notification.user_id == follower.id)
        )
        == 3
    )
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 3


def test_a_list_may_post_just_the_chosen_inputs_to_open_the_form(client, auth, world, three):
    """The case list posts the ticked inputs without an answer: the form opens, nothing moves."""
    login(auth, world, "facilitator")
    response = client.post("/k/heimby/saker/samlet-svar", data={"idea": [str(i.id) for i in three]})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert all(title in page for title in TITLES) and "Noe må rettes" not in page
    assert [len(_changes(idea)) for idea in three] == [0, 0, 0]


def test_a_merged_or_hidden_input_refuses_the_whole_action(world, three):
    merge_ideas(three[2], three[0], note="Samme forslag.", actor=world.facilitator)
    with pytest.raises(BulkRefused) as refused:
        answer_many(
            world.municipality,
            three,
            BulkAction.move,
            answer=ANSWER,
            actor=world.facilitator,
            to_stage=Stage.assessed,
        )
    [failure] = refused.value.failures
    assert failure.idea.id == three[2].id and "slått sammen" in failure.reason
    db.session.rollback()
    assert [len(_changes(idea)) for idea in three] == [0, 0, 0]
