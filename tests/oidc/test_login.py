"""Log-in through the local OpenID provider over HTTP: accounts, verification and refusals."""

from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select

from cocreate.accounts.models import User
from cocreate.audit.models import AuditEvent
from cocreate.extensions import db
from cocreate.oidc.models import ExternalIdentity, ProviderName
from tests.oidc.conftest import approve, log_in_through, start_login
from tests.oidc.provider import RESIDENT, pid_born


def _identity(subject: str = RESIDENT["sub"]) -> ExternalIdentity | None:
    return db.session.scalar(select(ExternalIdentity).where(ExternalIdentity.subject == subject))


def _users() -> int:
    return db.session.scalar(select(func.count(User.id))) or 0


def test_buttons_show_only_for_configured_providers(app, client, provider):
    page = client.get("/logg-inn").text
    assert "Logg inn med ID-porten" not in page and "Entra ID" not in page
    assert client.get("/logg-inn/id-porten").status_code == 404
    saved = dict(app.config)
    try:
        app.config.update(provider.config("IDPORTEN"))
        page = client.get("/logg-inn").text
        assert "Logg inn med ID-porten" in page and "Logg inn med Microsoft (Entra ID)" not in page
        assert client.get("/logg-inn/entra-id").status_code == 404
        app.config.update(provider.config("ENTRA"))
        assert "Logg inn med Microsoft (Entra ID)" in client.get("/logg-inn").text
    finally:
        app.config.clear()
        app.config.update(saved)


def test_the_authorization_request_uses_pkce_state_and_nonce(client, idp):
    location = start_login(client)
    assert location.startswith(f"{idp.issuer}/authorize?")
    query = parse_qs(urlsplit(location).query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["nonce"][0]
    assert query["acr_values"] == ["idporten-loa-substantial"]
    assert query["redirect_uri"][0].endswith("/logg-inn/id-porten/tilbake")


def test_a_resident_gets_a_verified_account_without_the_fodselsnummer(app, client, idp):
    before = _users()
    response = log_in_through(client)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert _users() == before + 1
    identity = _identity()
    assert identity is not None and identity.provider is ProviderName.idporten
    assert identity.of_age is True
    assert identity.residence_number == "1806"
    assert identity.acr == "idporten-loa-substantial"
    user = identity.user
    assert user.display_name == "Kari Nordmann" and user.password_hash is None
    assert user.is_verified
    # Data minimisation: the pid is in no column of the identity, the account or the audit log.
    stored = [*vars(identity).values(), *vars(user).values()]
    stored += [e.data for e in db.session.scalars(select(AuditEvent))]
    assert not any(RESIDENT["pid"] in repr(value) for value in stored)
    page = client.get("/konto").text
    assert "Verifisert med ID-porten" in page and "Myndig (18 år eller eldre)" in page
    assert RESIDENT["pid"] not in page
    assert "Verifisert med ID-porten" in client.get("/mine-innspill").text


def test_the_next_login_opens_the_same_account_in_a_new_session(app, client, idp):
    log_in_through(client)
    with client.session_transaction() as cookie:
        first = cookie["_user_id"]
    client.post("/logg-ut")
    assert client.get("/konto").status_code == 302  # logged out
    before = _users()
    log_in_through(client)
    with client.session_transaction() as cookie:
        second = cookie["_user_id"]
    assert _users() == before
    assert first.split(":")[0] == second.split(":")[0]
    assert first != second  # a new session key: no session fixation
    assert client.get("/konto").status_code == 200


def test_next_is_followed_only_within_the_site(client, idp):
    assert log_in_through(client, next="/mine-innspill").headers["Location"] == "/mine-innspill"
    client.post("/logg-ut")
    assert log_in_through(client, next="//evil.example/").headers["Location"] == "/"


def test_a_wrong_nonce_is_refused(client, idp):
    idp.nonce = "not-the-nonce-we-sent"
    before = _users()
    response = log_in_through(client)
    assert response.status_code == 302 and response.headers["Location"] == "/logg-inn"
    assert _users() == before and _identity() is None
    assert "Vi kunne ikke bekrefte innloggingen fra ID-porten" in client.get("/logg-inn").text


def test_an_expired_id_token_is_refused(client, idp):
    idp.expired = True
    log_in_through(client)
    assert _identity() is None
    assert "Vi kunne ikke bekrefte innloggingen" in client.get("/logg-inn").text


def test_an_id_token_from_an_unknown_issuer_is_refused(client, idp):
    idp.token_issuer = "https://evil.example"
    log_in_through(client)
    assert _identity() is None
    assert "Vi kunne ikke bekrefte innloggingen" in client.get("/logg-inn").text


def test_an_id_token_signed_with_another_key_is_refused(client, idp):
    idp.foreign_key = True
    log_in_through(client)
    assert _identity() is None


def test_a_discovery_document_of_another_issuer_is_refused(app, client, idp):
    app.config["OIDC_IDPORTEN_ISSUER"] = idp.issuer + "/"  # same document, so it still matches
    assert start_login(client).startswith(idp.issuer)
    app.config["OIDC_IDPORTEN_METADATA_URL"] = f"{idp.issuer}/.well-known/openid-configuration"
    app.config["OIDC_IDPORTEN_ISSUER"] = "https://idporten.no"
    response = client.get("/logg-inn/id-porten")
    assert response.headers["Location"] == "/logg-inn"
    assert "ID-porten svarer ikke akkurat nå" in client.get("/logg-inn").text


def test_a_bad_or_replayed_state_is_refused(app, client, idp):
    callback = approve(start_login(client))
    stranger = app.test_client()  # a browser that did not start this log-in
    response = stranger.get(callback)
    assert response.status_code == 302 and response.headers["Location"] == "/logg-inn"
    assert "svaret fra ID-porten var utløpt eller ugyldig" in stranger.get("/logg-inn").text
    assert client.get(callback.replace("state=", "state=x")).headers["Location"] == "/logg-inn"
    assert _identity() is None
    callback = approve(start_login(client))
    assert client.get(callback).headers["Location"] == "/"
    client.post("/logg-ut")
    assert client.get(callback).headers["Location"] == "/logg-inn"  # used once


def test_a_person_who_declines_is_told_so(client, idp):
    idp.deny = True
    response = log_in_through(client)
    assert response.headers["Location"] == "/logg-inn"
    assert "Innloggingen ble avbrutt" in client.get("/logg-inn").text


def test_a_provider_that_is_down_gives_a_message_not_an_error(app, client, idp):
    app.config["OIDC_IDPORTEN_ISSUER"] = "http://127.0.0.1:9"  # nothing listens there
    response = client.get("/logg-inn/id-porten")
    assert response.status_code == 302 and response.headers["Location"] == "/logg-inn"
    assert "ID-porten svarer ikke akkurat nå" in client.get("/logg-inn").text


def test_an_under_age_person_is_marked_not_of_age(client, idp):
    idp.claims = {**RESIDENT, "sub": "sixteen", "pid": pid_born(16)}
    log_in_through(client)
    identity = _identity("sixteen")
    assert identity is not None and identity.of_age is False
    page = client.get("/konto").text
    assert "Under 18 år" in page and "Myndig" not in page


def test_someone_younger_than_the_services_minimum_age_gets_no_account(client, idp):
    idp.claims = {**RESIDENT, "sub": "ten", "pid": pid_born(10)}
    before = _users()
    log_in_through(client)
    assert _users() == before and _identity("ten") is None
    assert "Du må være minst 13 år" in client.get("/logg-inn").text


def test_a_birthdate_claim_serves_when_there_is_no_pid(client, idp):
    idp.claims = {"sub": "bd", "name": "Ola", "birthdate": "2000-02-29", "acr": RESIDENT["acr"]}
    log_in_through(client)
    identity = _identity("bd")
    assert identity is not None and identity.of_age is True and identity.residence_number is None


def test_an_existing_account_with_the_verified_address_is_linked(client, idp, create_user_f):
    existing = create_user_f("kari@example.no", verified=False)
    idp.claims = {**RESIDENT, "email": "Kari@Example.no", "email_verified": True}
    before = _users()
    log_in_through(client)
    assert _users() == before
    identity = _identity()
    assert identity is not None and identity.user_id == existing.id
    assert db.session.get(User, existing.id).is_verified


def test_an_unverified_address_does_not_take_over_an_account(client, idp, create_user_f):
    existing = create_user_f("kari@example.no")
    idp.claims = {**RESIDENT, "email": "kari@example.no", "email_verified": False}
    log_in_through(client)
    identity = _identity()
    assert identity is not None and identity.user_id != existing.id
    assert identity.user.email is None


def test_a_signed_in_person_verifies_their_account(client, idp, auth, create_user_f):
    person = create_user_f("ola@example.no")
    auth.login("ola@example.no")
    assert "Bekreft med ID-porten" in client.get("/konto").text
    response = log_in_through(client, next="/konto")
    assert response.headers["Location"] == "/konto"
    identity = _identity()
    assert identity is not None and identity.user_id == person.id
    assert "Verifisert med ID-porten" in client.get("/konto").text


def test_an_identity_of_another_account_is_not_moved(client, idp, auth, create_user_f):
    log_in_through(client)
    owner = _identity().user_id
    client.post("/logg-ut")
    create_user_f("per@example.no")
    auth.login("per@example.no")
    log_in_through(client)
    assert _identity().user_id == owner
    assert "allerede knyttet til en annen konto" in client.get("/konto").text


def test_an_account_without_a_password_is_deleted_after_a_recent_log_in(app, client, idp):
    log_in_through(client)
    user_id = _identity().user_id
    page = client.get("/konto/slett").text
    assert 'name="password"' not in page
    response = client.post("/konto/slett", data={"confirm": "y"})
    assert response.status_code == 302
    assert _identity() is None  # the identity goes with the account (ON DELETE CASCADE)
    assert db.session.get(User, user_id).deleted_at is not None


def test_an_old_log_in_does_not_delete_an_account_without_a_password(app, client, idp):
    log_in_through(client)
    with client.session_transaction() as cookie:
        user_id, token, key, started, kind = cookie["_user_id"].split(":")
        cookie["_user_id"] = ":".join([user_id, token, key, str(int(started) - 3600), kind])
    response = client.post("/konto/slett", data={"confirm": "y"})
    assert response.status_code == 200
    assert "Logg inn på nytt med ID-porten" in response.text
    assert db.session.get(User, int(user_id)).deleted_at is None


def test_a_log_in_below_the_assurance_level_asked_for_is_refused(app, client, idp):
    app.config["OIDC_IDPORTEN_ACR_VALUES"] = "idporten-loa-high"
    log_in_through(client)  # the provider answers with substantial
    assert _identity() is None
    assert "ikke høyt nok sikkerhetsnivå" in client.get("/logg-inn").text
    idp.claims = {**RESIDENT, "acr": "idporten-loa-high"}
    log_in_through(client)
    assert _identity().acr == "idporten-loa-high"


def test_an_account_without_a_password_is_not_offered_a_password_change(client, idp):
    log_in_through(client)
    page = client.get("/konto").text
    assert "Endre passord" not in page and "E-post:" not in page
