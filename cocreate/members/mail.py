"""Mail to the person a staff change concerns, written to the transactional outbox in the
caller's transaction: it leaves if and only if the change is committed (notifications.outbox
sends it; the worker is woken after the commit). These mails are about the person's own access,
so no opt-out applies, and they go to addresses without an account too (an invitation)."""

from collections.abc import Callable
from typing import Any

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from ..accounts.models import Role, User
from ..database import after_commit
from ..extensions import db
from ..municipalities.models import Municipality
from ..notifications.jobs import wake_worker
from ..notifications.models import OutboxMessage

KIND = "membership"


def role_label(role: Role) -> str:
    """The role's name in running text, in the current language."""
    return {
        Role.citizen: _("innbygger"),
        Role.facilitator: _("fasilitator"),
        Role.admin: _("administrator"),
        Role.case_officer: _("saksbehandler"),
    }[role]


def mail_locale(user: User | None, municipality: Municipality) -> str:
    """The person's own language if they chose one; else the municipality's written language."""
    if user is not None and user.locale:
        return user.locale
    return municipality.language.value


def queue_mail(
    *,
    to: str,
    user: User | None,
    municipality: Municipality,
    subject: Callable[[], str],
    template: str,
    **context: Any,
) -> OutboxMessage:
    """Render the subject (a function, so it is translated here) and the template in the
    person's language, and add the outbox row."""
    with force_locale(mail_locale(user, municipality)):
        rendered_subject = subject()
        text = render_template(
            template, municipality=municipality, user=user, role_label=role_label, **context
        )
    message = OutboxMessage(
        user_id=user.id if user is not None else None,
        kind=KIND,
        to_address=to,
        subject=" ".join(rendered_subject.split())[:200],
        text=text.strip() + "\n",
        headers={},
    )
    db.session.add(message)
    db.session.flush()
    after_commit("outbox", wake_worker)
    return message
