""" "Mine innspill": every input the person wrote, supports or follows, with its stage, its latest
public answer and that answer's date; and the challenges, districts and principles they follow,
in a constant number of queries."""

from flask_babel import format_date
from sqlalchemy import select

from cocreate.challenges.following import follow_topic
from cocreate.database import commit
from cocreate.extensions import db
from cocreate.ideas.services import follow_idea, support_idea
from cocreate.ideas.stages import Stage
from cocreate.municipalities.models import District
from cocreate.municipalities.services import add_district
from cocreate.pipeline.models import StageChange
from cocreate.pipeline.services import move_idea
from cocreate.reference.models import Principle
from tests.factories import PASSWORD
from tests.isolation import recorded_statements

ANSWERS = {
    "Mitt eget": (Stage.assessed, "Vi har vurdert innspillet ditt grundig."),
    "Det jeg støtter": (Stage.decided, "Vedtatt i kommunestyret, sak 7/26."),
    "Det jeg følger": (Stage.piloting, "Prøveprosjektet startet i mai."),
}


def _card(page: str, title: str) -> str:
    start = page.index(f">{title}</a>")
    return page[start : page.index("</li>\n", page.index("Siste svar", start))]


def test_each_input_shows_its_stage_latest_answer_and_its_date(
    app, client, auth, world, create_challenge_f, create_idea_f
):
    challenge = create_challenge_f(world.municipality, title="Parkene våre")
    ideas = {
        "Mitt eget": create_idea_f(challenge, world.citizen, title="Mitt eget"),
        "Det jeg støtter": create_idea_f(challenge, world.author, title="Det jeg støtter"),
        "Det jeg følger": create_idea_f(challenge, world.author, title="Det jeg følger"),
    }
    support_idea(ideas["Det jeg støtter"], world.citizen)
    follow_idea(ideas["Det jeg følger"], world.citizen)
    commit()
    move_idea(
        ideas["Det jeg følger"],
        Stage.decided,
        answer="Besluttet i formannskapet i mars.",
        actor=world.facilitator,
    )
    latest = {}
    for title, (stage, answer) in ANSWERS.items():
        latest[title] = move_idea(ideas[title], stage, answer=answer, actor=world.facilitator)
    commit()
    auth.login(world.citizen.email, PASSWORD)
    page = client.get("/mine-innspill").get_data(as_text=True)
    with app.test_request_context():
        for title, (stage, answer) in ANSWERS.items():
            card = _card(page, title)
            assert f"<strong>{stage.label}</strong>" in card
            assert answer in card
            when = db.session.get(StageChange, latest[title].id).created_at
            assert f"Siste svar, {format_date(when)}" in card
    assert "Besluttet i formannskapet i mars." not in page


def _topics(world, challenges, start, n):
    districts = [add_district(world.municipality, f"Bydel {i}", 100) for i in range(start, n)]
    principles = db.session.scalars(
        select(Principle).order_by(Principle.number).offset(start).limit(n - start)
    )
    for topic in [*challenges[start:n], *districts, *principles]:
        follow_topic(world.citizen, topic)
    commit()


def test_followed_topics_are_listed_in_a_constant_number_of_queries(
    client, auth, world, create_challenge_f, create_idea_f
):
    challenges = [create_challenge_f(world.municipality, title=f"Utfordring {i}") for i in range(8)]
    for i, challenge in enumerate(challenges):
        follow_idea(create_idea_f(challenge, world.author, title=f"Innspill {i}"), world.citizen)
    commit()
    auth.login(world.citizen.email, PASSWORD)
    _topics(world, challenges, 0, 2)
    with recorded_statements() as statements:
        few = client.get("/mine-innspill").get_data(as_text=True)
    assert "Utfordring 1" in few and "Bydelen Bydel 1" in few
    _topics(world, challenges, 2, 8)
    with recorded_statements() as more_statements:
        many = client.get("/mine-innspill").get_data(as_text=True)
    assert len(more_statements) == len(statements)
    sentrum = db.session.scalar(select(District).where(District.name == "Bydel 5"))
    assert f'action="/k/heimby/bydeler/{sentrum.id}/avfolg"' in many
    assert "Du følger utfordringen «Utfordring 7» – slutt å følge" in many
    assert many.count('action="/veikartet/prinsipper/') == 8
