"""Answer templates: administrators keep them, placeholders are filled per input (unknown ones
stay), and the move and answer forms open with a template's text through `?mal=<id>`."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from cocreate.answers.models import AnswerTemplate
from cocreate.answers.services import TemplateError, create_template, fill, update_template
from cocreate.database import clock_at, commit
from cocreate.extensions import db
from cocreate.ideas.stages import Stage
from cocreate.pipeline.services import move_idea
from cocreate.refusals import NotAllowed

from .conftest import ANSWER, login

ROLES = ["anonymous", "citizen", "author", "other_facilitator", "facilitator", "admin"]
BODY = "Takk for «{tittel}» til «{utfordring}». {kommune} svarer {dato}. {navn} og {} står."


def _template(world, body=BODY):
    return create_template(world.municipality, title="Takk", body=body, actor=world.admin)


def test_placeholders_are_filled_and_unknown_ones_left(world, challenge, idea):
    with clock_at(datetime(2026, 12, 6, 23, 30, tzinfo=UTC)):  # 7 December in Oslo
        text = fill(BODY, idea)
    assert text == (
        f"Takk for «{idea.title}» til «{challenge.title}». Heimby kommune svarer "
        "7. desember 2026. {navn} og {} står."
    )


def test_only_administrators_keep_templates(world):
    for person in (world.facilitator, world.citizen, world.other_admin):
        with pytest.raises(NotAllowed, match="Bare administratorer"):
            create_template(world.municipality, title="T", body="Tekst", actor=person)
    template = _template(world)
    with pytest.raises(TemplateError):
        update_template(template, title="", body="Tekst", actor=world.admin)


@pytest.mark.parametrize("role", ROLES)
def test_template_pages_for_every_role(client, auth, world, role):
    template = _template(world)
    commit()
    login(auth, world, role)
    listed = client.get("/k/heimby/svarmaler")
    created = client.post("/k/heimby/svarmaler", data={"title": "Ny", "body": "Ny tekst"})
    edited = client.post(
        f"/k/heimby/svarmaler/{template.id}", data={"title": "Endret", "body": "Endret tekst"}
    )
    titles = set(db.session.scalars(select(AnswerTemplate.title)))
    if role == "anonymous":
        assert listed.status_code == created.status_code == edited.status_code == 302
        assert titles == {"Takk"}
    elif role == "admin":
        assert listed.status_code == 200 and "Takk" in listed.get_data(as_text=True)
        assert created.status_code == edited.status_code == 302
        assert titles == {"Ny", "Endret"}
        deleted = client.post(f"/k/heimby/svarmaler/{template.id}/slett")
        assert deleted.status_code == 302
        assert set(db.session.scalars(select(AnswerTemplate.title))) == {"Ny"}
    else:
        assert listed.status_code == created.status_code == edited.status_code == 403
        assert client.post(f"/k/heimby/svarmaler/{template.id}/slett").status_code == 403
        assert titles == {"Takk"}


def test_another_municipalitys_template_is_404(client, auth, world):
    template = _template(world)
    commit()
    auth.login(world.other_admin.email, "riktig-hest-batteri")
    assert client.get(f"/k/bortby/svarmaler/{template.id}").status_code == 404
    assert client.post(f"/k/bortby/svarmaler/{template.id}/slett").status_code == 404


def test_the_move_form_opens_with_the_template_filled_and_stays_editable(
    client, auth, world, challenge, idea
):
    template = _template(world, body="Vi har sett på «{tittel}» og vurdert det nøye. {navn}")
    commit()
    login(auth, world, "facilitator")
    page = client.get(f"/k/heimby/innspill/{idea.id}/flytt?mal={template.id}").get_data(
        as_text=True
    )
    assert f"Vi har sett på «{idea.title}» og vurdert det nøye. {{navn}}</textarea>" in page
    assert "Start fra en svarmal" in page
    # The person edits the text before sending; what is published is what they sent.
    edited = f"Vi har sett på «{idea.title}» og tar det med i planen for 2027."
    response = client.post(
        f"/k/heimby/innspill/{idea.id}/flytt?mal={template.id}",
        data={"to_stage": "assessed", "answer": edited},
    )
    assert response.status_code == 302
    db.session.refresh(idea)
    assert idea.stage is Stage.assessed


def test_the_correction_form_takes_a_template_too(client, auth, world, idea):
    move_idea(idea, Stage.assessed, answer=ANSWER, actor=world.facilitator)
    template = _template(world, body="Rettelse til «{tittel}»: riktig dato er i mai.")
    commit()
    login(auth, world, "facilitator")
    page = client.get(f"/k/heimby/innspill/{idea.id}/rett-svar?mal={template.id}")
    assert f"Rettelse til «{idea.title}»: riktig dato er i mai.</textarea>" in page.get_data(
        as_text=True
    )


def test_another_municipalitys_template_id_fills_nothing(
    client, auth, world, idea, create_municipality_f
):
    foreign = create_template(
        world.other, title="Fremmed", body="Fremmed tekst", actor=world.other_admin
    )
    commit()
    login(auth, world, "facilitator")
    page = client.get(f"/k/heimby/innspill/{idea.id}/flytt?mal={foreign.id}").get_data(as_text=True)
    assert "Fremmed tekst" not in page
