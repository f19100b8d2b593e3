"""Every change of the embeds: an administrator adds a site to the allowlist or removes one."""

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..audit.services import record_event
from ..extensions import db
from ..municipalities.models import Municipality
from ..refusals import Refusal, require
from .models import EmbedOrigin
from .origins import normalise_origin
from .permissions import why_not_manage_embed_origins

MAX_ORIGINS = 20


def add_embed_origin(municipality: Municipality, text: str, *, actor: Any) -> EmbedOrigin:
    """An administrator lets one more site (origin) frame the municipality's embeds."""
    require(why_not_manage_embed_origins(actor, municipality))
    origin = normalise_origin(text)
    existing = db.session.scalars(
        select(EmbedOrigin.origin).where(EmbedOrigin.municipality_id == municipality.id)
    ).all()
    if origin in existing:
        raise Refusal(_("%(origin)s står allerede på listen.", origin=origin))
    if len(existing) >= MAX_ORIGINS:
        raise Refusal(_("Listen kan ha høyst %(max)d nettsteder.", max=MAX_ORIGINS))
    row = EmbedOrigin(municipality_id=municipality.id, origin=origin)
    db.session.add(row)
    db.session.flush()
    # No cached page shows the list: the embeds read it into their header on every request.
    record_event(
        "embeds.origin_added",
        actor=actor,
        municipality=municipality,
        subject=row,
        origin=origin,
    )
    return row


def remove_embed_origin(municipality: Municipality, origin: str, *, actor: Any) -> None:
    """An administrator takes a site off the list: it can no longer frame the embeds."""
    require(why_not_manage_embed_origins(actor, municipality))
    row = db.session.scalar(
        select(EmbedOrigin).where(
            EmbedOrigin.municipality_id == municipality.id,
            func.lower(EmbedOrigin.origin) == (origin or "").strip().lower(),
        )
    )
    if row is None:
        raise Refusal(_("Det nettstedet står ikke på listen."))
    db.session.delete(row)
    db.session.flush()
    record_event(
        "embeds.origin_removed",
        actor=actor,
        municipality=municipality,
        subject=municipality,
        origin=row.origin,
    )
