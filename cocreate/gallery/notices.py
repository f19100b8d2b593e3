"""The origin's staff are told when another municipality takes their solution in: in the app
and by e-mail through the outbox (kind `solution_adopted`, which they can switch off)."""

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import Membership, User
from ..accounts.permissions import STAFF_ROLES
from ..extensions import db
from ..notifications.compose import by_locale, default_locale
from ..notifications.kinds import register_kind
from ..notifications.services import notify_many
from .models import Adoption

SOLUTION_ADOPTED = "solution_adopted"
register_kind(
    SOLUTION_ADOPTED,
    _l("Når en annen kommune tar i bruk en løsning fra kommunen din (for ansatte)"),
)


def origin_staff(municipality_id: int) -> list[User]:
    """The facilitators and administrators of the origin municipality (not suspended)."""
    query = (
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.municipality_id == municipality_id,
            Membership.role.in_(STAFF_ROLES),
            Membership.suspended_at.is_(None),
            User.deleted_at.is_(None),
        )
        .order_by(User.id)
    )
    return list(db.session.scalars(query))


def notify_adoption(adoption: Adoption, *, title: str, link: str) -> None:
    """Each of the origin's staff once, in their own language; the link is the origin's page."""
    people = [p for p in origin_staff(adoption.origin_municipality_id) if p.id != adoption.actor_id]
    if not people:
        return
    name = adoption.municipality.name
    with default_locale(adoption.origin_municipality.default_locale):
        _tell(people, name=name, title=title, link=link)


def _tell(people: list[User], *, name: str, title: str, link: str) -> None:
    for locale, group in by_locale(people).items():
        with force_locale(locale):
            notify_many(
                group,
                kind=SOLUTION_ADOPTED,
                subject=_(
                    "%(municipality)s tar i bruk «%(title)s»", municipality=name, title=title
                ),
                text=_(
                    "%(municipality)s har tatt i bruk løsningen «%(title)s» fra kommunen deres. "
                    "Dere kan flytte innspillet til «skalert» med henvisning til dette fra "
                    "innspillets side.",
                    municipality=name,
                    title=title,
                ),
                link=link,
            )
