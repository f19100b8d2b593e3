"""Each length limit is one TextLimit: the column holds its maximum, the form and the service
refuse one character more, and both say it with the limit's own message."""

from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from cocreate.accounts.models import DISPLAY_NAME, EMAIL, User
from cocreate.accounts.services import AccountError, create_user, update_settings
from cocreate.challenges.models import Phase
from cocreate.challenges.services import advance_phase
from cocreate.extensions import db
from cocreate.limits import TextLimit
from cocreate.metrics.models import SURVEY_COMMENT
from cocreate.metrics.survey import SurveyError, answer_survey
from cocreate.municipalities.models import UUSTATUS_URL, Municipality
from cocreate.privacy.models import DPO_CONTACT, STATEMENT, PrivacyStatement
from cocreate.privacy.services import PrivacyError, save_statement
from cocreate.settings.services import SettingsError
from cocreate.settings.services import update_settings as update_municipality
from cocreate.site.services import SiteError, set_uustatus_url
from cocreate.workshops.models import LINK, PLACE, WORKSHOP_DESCRIPTION, WORKSHOP_TITLE, Workshop
from cocreate.workshops.services import WorkshopError, create_workshop

START = datetime(2031, 5, 6, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("column", "limit"),
    [
        (User.display_name, DISPLAY_NAME),
        (User.email, EMAIL),
        (Municipality.uustatus_url, UUSTATUS_URL),
        (PrivacyStatement.dpo_contact, DPO_CONTACT),
        (PrivacyStatement.contact_email, EMAIL),
        (Workshop.title, WORKSHOP_TITLE),
        (Workshop.place, PLACE),
        (Workshop.link, LINK),
    ],
)
def test_the_column_holds_the_limit(column, limit: TextLimit):
    assert column.type.length == limit.max


def _too_long(limit: TextLimit, unit: str = "x") -> str:
    return unit * (limit.max + 1)


def _refused(error_type, limit: TextLimit, text: str, call) -> None:
    with force_locale("nb"), pytest.raises(error_type) as refused:
        call()
    assert refused.value.reason == limit.explain(text)
    assert str(limit.max) in refused.value.reason


def test_account_services_refuse_a_long_name_and_address(app_ctx, world):
    name = _too_long(DISPLAY_NAME)
    _refused(
        AccountError,
        DISPLAY_NAME,
        name,
        lambda: create_user("lang@example.no", name, "riktig-hest-batteri"),
    )
    _refused(
        AccountError,
        DISPLAY_NAME,
        name,
        lambda: update_settings(world.citizen, display_name=name, show_name=True, locale=None),
    )
    address = "a" * (EMAIL.max - len("@example.no") + 1) + "@example.no"
    _refused(AccountError, EMAIL, address, lambda: create_user(address, "Navn", "passord-123"))
    with pytest.raises(AccountError):
        update_settings(world.citizen, display_name="   ", show_name=True, locale=None)


def test_privacy_statement_limits(app_ctx, world):
    short = "For kort"
    _refused(
        PrivacyError,
        STATEMENT,
        short,
        lambda: save_statement(world.municipality, body=short, actor=world.admin),
    )
    body = "Vi behandler personopplysninger slik det står her."
    dpo = _too_long(DPO_CONTACT)
    _refused(
        PrivacyError,
        DPO_CONTACT,
        dpo,
        lambda: save_statement(world.municipality, body=body, dpo_contact=dpo, actor=world.admin),
    )


def test_site_and_settings_limits(app_ctx, world):
    url = "https://uustatus.no/nb/erklaringer/publisert/" + "a" * UUSTATUS_URL.max
    _refused(
        SiteError,
        UUSTATUS_URL,
        url,
        lambda: set_uustatus_url(world.municipality, url, actor=world.admin),
    )
    address = "a" * (EMAIL.max - len("@heimby.no") + 1) + "@heimby.no"
    _refused(
        SettingsError,
        EMAIL,
        address,
        lambda: update_municipality(
            world.municipality,
            intro="",
            description="",
            contact_email=address,
            contact_text="",
            actor=world.admin,
        ),
    )


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("title", WORKSHOP_TITLE),
        ("place", PLACE),
        ("link", LINK),
        ("description", WORKSHOP_DESCRIPTION),
    ],
)
def test_workshop_limits_in_service_and_form(
    app_ctx, client, auth, world, create_challenge_f, field, limit
):
    challenge = create_challenge_f(world.municipality, phase=Phase.open)
    values = {
        "title": "Verksted om sentrum",
        "format": "hybrid",
        "place": "Rådhuset",
        "link": "https://meet.example.no/sentrum",
        "description": "",
    }
    text = _too_long(limit)
    if field == "link":
        text = "https://meet.example.no/" + "a" * (limit.max - 23)
    with force_locale("nb"), pytest.raises(WorkshopError) as refused:
        create_workshop(
            challenge,
            **{**values, field: text, "format": values["format"]},  # type: ignore[arg-type]
            starts_at=START,
            ends_at=START + timedelta(hours=2),
            actor=world.facilitator,
        )
    assert refused.value.reason == limit.explain(text)
    assert refused.value.field == field

    auth.login(world.facilitator.email)
    page = client.post(
        f"/k/heimby/utfordringer/{challenge.id}/verksteder/ny",
        data={
            **values,
            field: text,
            "starts_at": "2031-05-06T16:00",
            "ends_at": "2031-05-06T18:00",
            "dots_per_person": "3",
        },
    )
    assert page.status_code == 400  # shown again, not saved
    with force_locale("nb"):
        assert limit.explain(text) in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Workshop)) == 0


def test_survey_comment_limit(app_ctx, world, create_challenge_f, create_idea_f):
    challenge = create_challenge_f(world.municipality, phase=Phase.open)
    create_idea_f(challenge, world.author)  # so the author took part
    while challenge.phase is not Phase.concluded:
        advance_phase(challenge, actor=world.admin, summary="Vi hørte mye og gjør tre tiltak nå.")
    text = _too_long(SURVEY_COMMENT)
    _refused(
        SurveyError,
        SURVEY_COMMENT,
        text,
        lambda: answer_survey(
            challenge, world.author, felt_heard=4, understood=4, would_return=4, comment=text
        ),
    )
