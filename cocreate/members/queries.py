"""Reads for the staff page and the CLI."""

from sqlalchemy import Select, case, select
from sqlalchemy.orm import joinedload

from ..accounts.models import Membership, Role, User
from ..audit.models import AuditEvent
from ..extensions import db
from ..municipalities.models import Municipality
from .models import Invitation, InvitationStatus
from .permissions import STAFF_CHOICES


def staff(municipality: Municipality) -> Select[Membership]:
    """The municipality's facilitators and administrators: administrators first, then by name."""
    admins_first = case((Membership.role == Role.admin, 0), else_=1)
    return (
        select(Membership)
        .join(User, User.id == Membership.user_id)
        .options(joinedload(Membership.user))
        .where(
            Membership.municipality_id == municipality.id,
            Membership.role.in_(STAFF_CHOICES),
            User.deleted_at.is_(None),
        )
        .order_by(admins_first, User.display_name, User.id)
    )


def pending_invitations(municipality: Municipality) -> Select[Invitation]:
    """Invitations not yet used nor withdrawn (expired ones too: they can be sent again)."""
    return (
        select(Invitation)
        .where(
            Invitation.municipality_id == municipality.id,
            Invitation.status == InvitationStatus.pending,
        )
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    )


def staff_membership(municipality: Municipality, user_id: int) -> Membership | None:
    """The person's staff membership here, or None (also for citizens and other municipalities)."""
    return db.session.scalar(
        select(Membership).where(
            Membership.municipality_id == municipality.id,
            Membership.user_id == user_id,
            Membership.role.in_(STAFF_CHOICES),
        )
    )


def inviters(invitations: list[Invitation]) -> dict[int, User | None]:
    """Who sent each invitation, from its audit row (None: the platform operator, by the CLI)."""
    ids = [invitation.id for invitation in invitations]
    if not ids:
        return {}
    rows = db.session.execute(
        select(AuditEvent.subject_id, User)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(
            AuditEvent.event == "member.invited",
            AuditEvent.subject_type == Invitation.__name__,
            AuditEvent.subject_id.in_(ids),
        )
    )
    return {subject_id: user for subject_id, user in rows if subject_id is not None}
