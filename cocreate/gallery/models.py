"""Ta i bruk (`Adoption`): one municipality takes in another's done solution (DESIGN.md §2).

The origin is an input (an idea at gjort or skalert) or a result (status done) of another
municipality; what the adopting municipality made of it is a draft challenge or an input in one
of its own challenges. A municipality adopts one origin once (the count "Tatt i bruk i N
kommuner" counts municipalities)."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..challenges.models import Challenge
from ..database import utcnow
from ..enums import enum_column
from ..extensions import Model
from ..ideas.models import Idea
from ..municipalities.models import Municipality
from ..results.models import Result


class AdoptionKind(enum.Enum):
    challenge = "challenge"  # a new challenge, as a draft
    input = "input"  # a new input (channel registered) in one of the municipality's challenges

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self])


KIND_LABELS = {
    AdoptionKind.challenge: _l("Ny utfordring (utkast)"),
    AdoptionKind.input: _l("Nytt innspill i en av våre utfordringer"),
}


class Adoption(Model):
    __tablename__ = "adoptions"
    __table_args__ = (
        CheckConstraint(
            "(origin_idea_id IS NULL) <> (origin_result_id IS NULL)", name="one_origin"
        ),
        CheckConstraint(
            "(kind = 'challenge' AND challenge_id IS NOT NULL AND idea_id IS NULL)"
            " OR (kind = 'input' AND idea_id IS NOT NULL)",
            name="created_matches_kind",
        ),
        CheckConstraint("municipality_id <> origin_municipality_id", name="not_own"),
        UniqueConstraint("municipality_id", "origin_idea_id"),
        UniqueConstraint("municipality_id", "origin_result_id"),
        Index("ix_adoptions_origin_idea_id", "origin_idea_id"),
        Index("ix_adoptions_origin_result_id", "origin_result_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The adopting municipality.
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    origin_municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    origin_idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    origin_result_id: Mapped[int | None] = mapped_column(
        ForeignKey("results.id", ondelete="CASCADE")
    )
    kind: Mapped[AdoptionKind] = mapped_column(enum_column(AdoptionKind, "adoption_kind"))
    # What was made: the draft challenge, or the input (and its challenge).
    challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True
    )
    idea_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    municipality: Mapped[Municipality] = relationship(foreign_keys=[municipality_id])
    origin_municipality: Mapped[Municipality] = relationship(foreign_keys=[origin_municipality_id])
    origin_idea: Mapped[Idea | None] = relationship(foreign_keys=[origin_idea_id])
    origin_result: Mapped[Result | None] = relationship()
    challenge: Mapped[Challenge | None] = relationship()
    idea: Mapped[Idea | None] = relationship(foreign_keys=[idea_id])
    actor: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Adoption {self.id} {self.kind.value}>"
