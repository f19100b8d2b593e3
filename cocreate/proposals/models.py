"""Innbyggerforslag (kommuneloven § 12-1): a proposal residents started on minsak.no or on paper,
registered by the municipality's staff and followed to the council's decision within 6 months.

Every stage move is a public `ProposalMove` (answer, actor, the council's case reference, time);
`ProposalReminder` records each reminder to staff (3 months left, 1 month left, overdue) so each
is sent once; `ProposalFollow` is a signed-in person following a proposal."""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..database import utcnow
from ..enums import enum_column
from ..extensions import Model
from ..limits import TextLimit
from ..municipalities.models import Municipality
from ..pipeline.models import ANSWER, REFERENCE

PROPOSAL_TITLE = TextLimit(200, _l("Tittelen må ha mellom %(min)d og %(max)d tegn."), 3)
PROPOSAL_MATTER = TextLimit(
    10000, _l("Beskrivelsen av saken må ha mellom %(min)d og %(max)d tegn."), 10
)
INITIATORS = TextLimit(300, _l("Navnene kan være på høyst %(max)d tegn."))
SOURCE_URL = TextLimit(500, _l("Adressen kan være på høyst %(max)d tegn."))
SAME_REASON = TextLimit(5000, _l("Begrunnelsen må ha mellom %(min)d og %(max)d tegn."), 10)
PROPOSAL_ANSWER = ANSWER
CASE_REFERENCE = REFERENCE
# Signatures are counted in whole persons; the column is a 32-bit integer.
MAX_SIGNATURES = 10_000_000


class ProposalChannel(enum.Enum):
    minsak = "minsak"  # minsak.no, the ministry's national service
    paper = "paper"  # signature lists on paper
    other = "other"

    @property
    def label(self) -> str:
        return str(CHANNEL_LABELS[self])


CHANNEL_LABELS = {
    ProposalChannel.minsak: _l("minsak.no"),
    ProposalChannel.paper: _l("Underskriftslister på papir"),
    ProposalChannel.other: _l("Annet"),
}


class ProposalState(enum.Enum):
    registered = "registered"  # registrert
    in_treatment = "in_treatment"  # under behandling
    adopted = "adopted"  # vedtatt (the council agreed)
    rejected = "rejected"  # avslått (the council said no)

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])

    @property
    def decided(self) -> bool:
        return self in DECIDED


STATE_LABELS = {
    ProposalState.registered: _l("Registrert"),
    ProposalState.in_treatment: _l("Under behandling"),
    ProposalState.adopted: _l("Behandlet: vedtatt"),
    ProposalState.rejected: _l("Behandlet: avslått"),
}
DECIDED = frozenset({ProposalState.adopted, ProposalState.rejected})


class CitizenProposal(Model):
    __tablename__ = "citizen_proposals"
    __table_args__ = (
        PROPOSAL_TITLE.check("title", "title_length"),
        CheckConstraint("signatures >= 0", name="signatures_positive"),
        CheckConstraint(
            "valid_signatures IS NULL OR "
            "(valid_signatures >= 0 AND valid_signatures <= signatures)",
            name="valid_signatures_range",
        ),
        CheckConstraint(
            "same_as_id IS NULL OR same_content", name="same_as_only_when_same_content"
        ),
        CheckConstraint(
            "(decided_at IS NULL) = (state NOT IN ('adopted', 'rejected'))",
            name="decided_at_when_decided",
        ),
        Index("ix_citizen_proposals_municipality_submitted", "municipality_id", "submitted_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE")
    )
    title: Mapped[str] = mapped_column(String(PROPOSAL_TITLE.max))
    matter: Mapped[str] = mapped_column(Text)
    # The initiators' names, shown only with their consent (otherwise stored empty).
    initiators: Mapped[str] = mapped_column(String(INITIATORS.max), default="")
    initiators_public: Mapped[bool] = mapped_column(default=False)
    # Where the initiators are told of the decision; never shown, exported or in the API.
    contact_email: Mapped[str | None] = mapped_column(String(254))
    channel: Mapped[ProposalChannel] = mapped_column(
        enum_column(ProposalChannel, "proposal_channel")
    )
    source_url: Mapped[str | None] = mapped_column(String(SOURCE_URL.max))
    signatures: Mapped[int] = mapped_column(default=0)
    # After the municipality's control of the signatures; None until controlled.
    valid_signatures: Mapped[int | None]
    submitted_on: Mapped[date]  # fremmet
    state: Mapped[ProposalState] = mapped_column(
        enum_column(ProposalState, "proposal_state"), default=ProposalState.registered
    )
    answer: Mapped[str] = mapped_column(Text, default="")  # the newest move's public answer
    case_reference: Mapped[str | None] = mapped_column(String(CASE_REFERENCE.max))
    decided_at: Mapped[datetime | None]
    # § 12-1 third paragraph: same content as a proposal already treated in this election period.
    same_content: Mapped[bool] = mapped_column(default=False)
    same_reason: Mapped[str] = mapped_column(Text, default="")
    same_as_id: Mapped[int | None] = mapped_column(
        ForeignKey("citizen_proposals.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    municipality: Mapped[Municipality] = relationship()
    same_as: Mapped["CitizenProposal | None"] = relationship(remote_side=[id])

    @property
    def shown_initiators(self) -> str:
        """The initiators' names where they agreed to be named, else empty."""
        return self.initiators if self.initiators_public else ""

    def __repr__(self) -> str:
        return f"<CitizenProposal {self.id} {self.state.value}>"


class ProposalMove(Model):
    """One move of a proposal (like StageChange): from, to, the public answer, the actor, the
    council's case reference and the time. Append-only."""

    __tablename__ = "proposal_moves"
    __table_args__ = (
        PROPOSAL_ANSWER.check("answer", "answer_min_length", upper=False),
        Index("ix_proposal_moves_proposal_created", "proposal_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("citizen_proposals.id", ondelete="CASCADE"))
    from_state: Mapped[ProposalState] = mapped_column(enum_column(ProposalState, "from_state"))
    to_state: Mapped[ProposalState] = mapped_column(enum_column(ProposalState, "to_state"))
    answer: Mapped[str] = mapped_column(Text)
    reference: Mapped[str | None] = mapped_column(String(CASE_REFERENCE.max))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    proposal: Mapped[CitizenProposal] = relationship()
    actor: Mapped[User | None] = relationship()


class ProposalFollow(Model):
    __tablename__ = "proposal_follows"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("citizen_proposals.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReminderKind(enum.Enum):
    three_months = "three_months"
    one_month = "one_month"
    overdue = "overdue"


class ProposalReminder(Model):
    """A reminder to staff was written for this proposal (once per kind)."""

    __tablename__ = "proposal_reminders"
    __table_args__ = (UniqueConstraint("proposal_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("citizen_proposals.id", ondelete="CASCADE"))
    kind: Mapped[ReminderKind] = mapped_column(enum_column(ReminderKind, "proposal_reminder_kind"))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    recipients: Mapped[int] = mapped_column(default=0)
