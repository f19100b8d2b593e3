"""Changing a municipality's description, contact address and logo. Each change is checked
here (whatever the form did), flushed, declared (page_generations.changed) and written to the
audit log; the route commits, and the commit bumps the municipality's page generation, so cached
pages show it at once."""

from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import page_generations
from ..accounts.models import EMAIL
from ..audit.services import record_event
from ..database import after_commit
from ..extensions import db
from ..markup import render_markdown
from ..municipalities.models import (
    ANSWER_DEADLINE_RANGE,
    CONTACT_TEXT,
    DESCRIPTION,
    FOLLOWUP_MONTHS_RANGE,
    INTRO,
    Municipality,
)
from ..refusals import Refusal, require
from .logos import delete_logo_file, prepare_logo, store_logo
from .permissions import why_not_change_settings


class SettingsError(Refusal):
    """A setting was refused; the reason is shown to the administrator."""


def _contact_email(value: str) -> str | None:
    value = EMAIL.enforce(value.strip(), SettingsError)
    if not value:
        return None
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise SettingsError(_("Skriv inn en gyldig e-postadresse.")) from error


def update_settings(
    municipality: Municipality,
    *,
    intro: str,
    description: str,
    contact_email: str,
    contact_text: str,
    actor: Any,
    answer_deadline_days: int | None = None,
    followup_months: int | None = None,
) -> list[str]:
    """Save what the municipality says about itself, its answer deadline in days and the months
    from gjort to the follow-up survey (None keeps either); returns the names of the changed
    fields."""
    require(why_not_change_settings(actor, municipality))
    values: dict[str, Any] = {
        "intro": INTRO.enforce(intro.strip(), SettingsError),
        "description": DESCRIPTION.enforce(description.strip(), SettingsError),
        "contact_email": _contact_email(contact_email),
        "contact_text": CONTACT_TEXT.enforce(contact_text.strip(), SettingsError),
    }
    if answer_deadline_days is not None:
        low, high = ANSWER_DEADLINE_RANGE
        if not low <= answer_deadline_days <= high:
            raise SettingsError(
                _(
                    "Svarfristen må være et helt antall dager fra %(min)d til %(max)d.",
                    min=low,
                    max=high,
                )
            )
        values["answer_deadline_days"] = answer_deadline_days
    if followup_months is not None:
        low, high = FOLLOWUP_MONTHS_RANGE
        if not low <= followup_months <= high:
            raise SettingsError(
                _(
                    "Oppfølgingen må komme etter et helt antall måneder fra %(min)d til %(max)d.",
                    min=low,
                    max=high,
                )
            )
        values["followup_months"] = followup_months
    changed = [name for name, value in values.items() if getattr(municipality, name) != value]
    for name in changed:
        setattr(municipality, name, values[name])
    if "description" in changed:
        municipality.description_html = render_markdown(municipality.description)
    if changed:
        db.session.flush()
        page_generations.changed(municipality.id)
        record_event(
            "municipality.settings_changed",
            actor=actor,
            municipality=municipality,
            subject=municipality,
            fields=changed,
        )
    return changed


def set_sharing(municipality: Municipality, share: bool, *, actor: Any) -> bool:
    """Share (or stop sharing) what the municipality has done and its headline measures with the
    other municipalities: the gallery and the comparison; returns whether it changed."""
    require(why_not_change_settings(actor, municipality))
    if municipality.shares_with_others == share:
        return False
    municipality.shares_with_others = share
    db.session.flush()
    # The gallery and the comparison are pages of the whole installation.
    page_generations.site_changed()
    record_event(
        "municipality.sharing_changed",
        actor=actor,
        municipality=municipality,
        subject=municipality,
        shares=share,
    )
    return True


def replace_logo(municipality: Municipality, data: bytes, *, actor: Any) -> str:
    """Check and re-encode an uploaded image and make it the logo; returns the file's name."""
    require(why_not_change_settings(actor, municipality))
    name = store_logo(prepare_logo(data))
    previous = municipality.logo
    if previous == name:
        return name
    municipality.logo = name
    db.session.flush()
    page_generations.changed(municipality.id)
    _let_go(previous, municipality)
    record_event(
        "municipality.logo_replaced" if previous else "municipality.logo_added",
        actor=actor,
        municipality=municipality,
        subject=municipality,
        logo=name,
        previous=previous,
    )
    return name


def remove_logo(municipality: Municipality, *, actor: Any) -> bool:
    """The municipality shows no logo any more; False when it had none."""
    require(why_not_change_settings(actor, municipality))
    previous = municipality.logo
    if previous is None:
        return False
    municipality.logo = None
    db.session.flush()
    page_generations.changed(municipality.id)
    _let_go(previous, municipality)
    record_event(
        "municipality.logo_removed",
        actor=actor,
        municipality=municipality,
        subject=municipality,
        previous=previous,
    )
    return True


def _let_go(name: str | None, municipality: Municipality) -> None:
    """Delete the old file once the change is committed, unless another municipality uses the
    same picture (the same content has the same name)."""
    if name is None:
        return
    others = db.session.scalar(
        select(func.count(Municipality.id)).where(
            Municipality.logo == name, Municipality.id != municipality.id
        )
    )
    if not others:
        after_commit(("logo-file", name), lambda: delete_logo_file(name))
