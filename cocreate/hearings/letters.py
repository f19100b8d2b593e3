"""The hearing letter: when staff open a hearing, each consultee on its list gets an e-mail with
the hearing's title, period and a link to its page, through the transactional outbox (it leaves
if and only if the opening is committed). A consultee's `letter_sent_at` is set in the same
transaction, so no consultee gets the letter twice."""

from typing import cast

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import CursorResult, select, update

from ..database import after_commit, utcnow
from ..extensions import db
from ..notifications.jobs import wake_worker
from ..notifications.links import absolute_url, path_for
from ..notifications.models import OutboxMessage
from .models import Consultee, Hearing, HearingConsultee

KIND = "hearing_letter"


def hearing_url(hearing: Hearing) -> str:
    return absolute_url(
        path_for("hearings.detail", slug=hearing.municipality.slug, hearing_id=hearing.id)
    )


def send_letters(hearing: Hearing) -> int:
    """Queue the letter to every consultee of an opened hearing that has not had it; returns how
    many were queued."""
    if not hearing.is_open:
        return 0
    rows = db.session.execute(
        select(HearingConsultee, Consultee)
        .join(Consultee, Consultee.id == HearingConsultee.consultee_id)
        .where(HearingConsultee.hearing_id == hearing.id, HearingConsultee.letter_sent_at.is_(None))
        .order_by(Consultee.name)
    ).all()
    sent = 0
    now = utcnow()
    for link, consultee in rows:
        # Claimed row by row: a parallel request that sent this letter already wins.
        claimed = db.session.execute(
            update(HearingConsultee)
            .where(
                HearingConsultee.hearing_id == link.hearing_id,
                HearingConsultee.consultee_id == link.consultee_id,
                HearingConsultee.letter_sent_at.is_(None),
            )
            .values(letter_sent_at=now)
        )
        if not cast(CursorResult, claimed).rowcount:
            continue
        db.session.add(_letter(hearing, consultee))
        sent += 1
    db.session.flush()
    if sent:
        after_commit("outbox", wake_worker)
    return sent


def _letter(hearing: Hearing, consultee: Consultee) -> OutboxMessage:
    municipality = hearing.municipality
    with force_locale(municipality.language.value):
        subject = _(
            "Høring: %(title)s – %(municipality)s",
            title=hearing.title,
            municipality=municipality.name,
        )
        text = render_template(
            "hearings/mail/letter.txt",
            hearing=hearing,
            consultee=consultee,
            municipality=municipality,
            link=hearing_url(hearing),
        )
    return OutboxMessage(
        user_id=None,
        kind=KIND,
        to_address=consultee.email,
        subject=" ".join(subject.split())[:200],
        text=text.strip() + "\n",
        headers={},
    )
