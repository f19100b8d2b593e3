"""Consent for demographics (with a log) and the privacy statements."""

from sqlalchemy import func, select

from cocreate.accounts.models import AgeBand, ParticipantProfile
from cocreate.audit.models import AuditEvent
from cocreate.extensions import db
from cocreate.privacy.models import ConsentRecord, PrivacyStatement


def _login(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def test_profile_needs_consent_and_logs_it(client, world):
    _login(client, world.citizen)
    response = client.post("/konto/om-meg", data={"age_band": "30-44", "district": "Nord"})
    assert response.status_code == 200
    assert "Du må samtykke" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ParticipantProfile.id))) == 0
    response = client.post(
        "/konto/om-meg", data={"age_band": "30-44", "district": "Nord", "consent": "y"}
    )
    assert response.status_code == 302
    profile = db.session.scalar(select(ParticipantProfile))
    assert profile.user_id == world.citizen.id and profile.age_band is AgeBand.a30_44
    assert profile.consent_at is not None
    record = db.session.scalar(select(ConsentRecord))
    assert (record.purpose, record.given, record.user_id) == (
        "demographics",
        True,
        world.citizen.id,
    )
    assert record.text_version
    assert db.session.scalar(
        select(func.count()).where(AuditEvent.event == "privacy.consent_given")
    )


def test_withdrawing_consent_deletes_the_profile_and_is_logged(client, world):
    _login(client, world.citizen)
    client.post("/konto/om-meg", data={"gender": "kvinne", "consent": "y"})
    response = client.post("/konto/om-meg/trekk-samtykke")
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(ParticipantProfile.id))) == 0
    given = db.session.scalars(select(ConsentRecord.given).order_by(ConsentRecord.id)).all()
    assert given == [True, False]


def test_profile_refuses_unknown_choices(client, world):
    _login(client, world.citizen)
    response = client.post(
        "/konto/om-meg", data={"age_band": "200-300", "district": "Atlantis", "consent": "y"}
    )
    assert response.status_code == 200
    assert db.session.scalar(select(func.count(ParticipantProfile.id))) == 0


def test_municipality_without_statement_shows_the_platform_default(client, world):
    html = client.get("/k/heimby/personvern").get_data(as_text=True)
    assert "har ikke fylt ut sin egen personvernerklæring" in html
    assert "Dine rettigheter" in html
    assert "minst 13 år" in html


def test_admin_completes_the_statement_and_it_is_rendered_safely(client, world):
    _login(client, world.admin)
    body = "## Behandlingsansvarlig\n\nHeimby kommune. <script>alert(1)</script>"
    response = client.post(
        "/k/heimby/personvern/rediger",
        data={"body": body, "contact_email": "personvern@heimby.no", "dpo_contact": "Ola"},
    )
    assert response.status_code == 302
    html = client.get("/k/heimby/personvern").get_data(as_text=True)
    assert "<h2>Behandlingsansvarlig</h2>" in html
    assert "<script>alert" not in html
    assert "personvern@heimby.no" in html
    # Bortby still shows the default, not Heimby's text.
    assert "Behandlingsansvarlig" not in client.get("/k/bortby/personvern").get_data(as_text=True)
    statement = db.session.scalar(select(PrivacyStatement))
    assert statement.updated_by_id == world.admin.id
    assert db.session.scalar(
        select(func.count()).where(AuditEvent.event == "privacy.statement_updated")
    )


def test_short_statement_is_refused_with_the_text_kept(client, world):
    _login(client, world.admin)
    response = client.post("/k/heimby/personvern/rediger", data={"body": "For kort"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "mellom 20" in html and "For kort" in html
    assert db.session.scalar(select(func.count(PrivacyStatement.id))) == 0


def test_only_the_municipalitys_admin_may_edit(client, world):
    for user in (world.citizen, world.facilitator, world.other_admin):
        _login(client, user)
        assert client.get("/k/heimby/personvern/rediger").status_code == 403
    _login(client, world.admin)
    assert client.get("/k/heimby/personvern/rediger").status_code == 200


def test_platform_default_can_be_set_from_the_cli(runner, app_ctx, tmp_path):
    source = tmp_path / "personvern.md"
    source.write_text("## Om Samskap\n\nDriftes av Eksempel AS på vegne av kommunene.")
    result = runner.invoke(args=["privacy", "set-default-statement", str(source)])
    assert result.exit_code == 0, result.output
    client = app_ctx.test_client()
    assert "Driftes av Eksempel AS" in client.get("/personvern").get_data(as_text=True)
    assert client.get("/k/ingen/personvern").status_code == 404


def test_footer_links_to_the_statement(client):
    assert 'href="/personvern"' in client.get("/").get_data(as_text=True)


def test_account_and_municipality_pages_link_to_privacy(client, world):
    assert 'href="/k/heimby/personvern"' in client.get("/k/heimby/").get_data(as_text=True)
    _login(client, world.citizen)
    html = client.get("/konto").get_data(as_text=True)
    for href in ("/konto/personvern", "/konto/om-meg", "/konto/slett"):
        assert f'href="{href}"' in html


def test_minimum_age_is_configurable(app, client):
    old = app.config["MIN_AGE"]
    app.config["MIN_AGE"] = 16
    try:
        data = {
            "email": "ung@example.no",
            "display_name": "Ung",
            "password": "lang-og-unik-2026",
            "confirm": "lang-og-unik-2026",
        }
        html = client.post("/registrer", data=data).get_data(as_text=True)
        assert "minst 16 år" in html
        assert "minst 16 år" in client.get("/personvern").get_data(as_text=True)
    finally:
        app.config["MIN_AGE"] = old
    assert app.config["MIN_AGE"] == 13  # the default
