"""Entra ID for staff: opens an existing staff account by its address, grants no role."""

import pytest
from sqlalchemy import select

from cocreate.accounts.models import Membership, Role
from cocreate.extensions import db
from cocreate.oidc.models import ExternalIdentity, ProviderName
from tests.oidc.conftest import log_in_through

TENANT = "11111111-2222-3333-4444-555555555555"


@pytest.fixture
def entra(idp, app_ctx):
    app_ctx.config.update(idp.config("ENTRA"))
    app_ctx.config["OIDC_ENTRA_TENANT_ID"] = TENANT
    return idp


def _staff_claims(email: str, **extra) -> dict:
    return {"sub": f"entra-{email}", "tid": TENANT, "email": email, "name": "Ansatt", **extra}


def _identity(email: str) -> ExternalIdentity | None:
    return db.session.scalar(
        select(ExternalIdentity).where(
            ExternalIdentity.provider == ProviderName.entra,
            ExternalIdentity.subject == f"entra-{email}",
        )
    )


def _roles(user_id: int) -> list[tuple[int, Role]]:
    rows = db.session.execute(
        select(Membership.municipality_id, Membership.role).where(Membership.user_id == user_id)
    )
    return sorted((m, r) for m, r in rows)


def test_staff_log_in_to_their_account_and_keep_their_roles(client, entra, world):
    roles = _roles(world.facilitator.id)
    entra.claims = _staff_claims("Fasilitator@Example.no")
    response = log_in_through(client, "entra-id")
    assert response.headers["Location"] == "/"
    identity = _identity("Fasilitator@Example.no")
    assert identity is not None and identity.user_id == world.facilitator.id
    assert identity.of_age is None and identity.acr is None  # ID-porten's marks only
    assert _roles(world.facilitator.id) == roles  # Entra ID grants no role
    assert client.get("/konto").status_code == 200
    assert "Verifisert med ID-porten" not in client.get("/konto").text


def test_preferred_username_serves_when_there_is_no_email_claim(client, entra, world):
    entra.claims = {"sub": "entra-admin@example.no", "tid": TENANT}
    entra.claims["preferred_username"] = "admin@example.no"
    log_in_through(client, "entra-id")
    assert _identity("admin@example.no").user_id == world.admin.id


def test_a_citizen_account_or_an_unknown_address_is_refused(client, entra, world):
    entra.claims = _staff_claims("innbygger@example.no")
    assert log_in_through(client, "entra-id").headers["Location"] == "/logg-inn"
    assert "Vi fant ingen ansattkonto" in client.get("/logg-inn").text
    entra.claims = _staff_claims("ukjent@example.no")
    log_in_through(client, "entra-id")
    assert _identity("ukjent@example.no") is None and _identity("innbygger@example.no") is None
    assert client.get("/konto").status_code == 302


def test_another_tenant_is_refused(client, entra, world):
    entra.claims = _staff_claims("fasilitator@example.no", tid="another-tenant")
    log_in_through(client, "entra-id")
    assert _identity("fasilitator@example.no") is None
    assert "hører ikke til kommunens organisasjon" in client.get("/logg-inn").text
