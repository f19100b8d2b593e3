"""A person's identities at external OpenID providers, and what ID-porten verified of them.

Data minimisation: the fødselsnummer (pid) is never stored. Only what Samskap needs to show the
verified mark is kept: that and when ID-porten verified the person, the assurance level (acr),
whether they were of age at their last log-in, and the kommunenummer a residence claim gave.
"""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..database import utcnow
from ..enums import enum_column
from ..extensions import Model


class ProviderName(enum.Enum):
    idporten = "idporten"
    entra = "entra"


class ExternalIdentity(Model):
    """One account at one provider (its `sub`), linked to one Samskap account."""

    __tablename__ = "external_identities"
    __table_args__ = (UniqueConstraint("provider", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[ProviderName] = mapped_column(enum_column(ProviderName, "oidc_provider"))
    subject: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime] = mapped_column(default=utcnow)
    # ID-porten only: the assurance level of the last log-in (e.g. idporten-loa-substantial).
    acr: Mapped[str | None] = mapped_column(String(64))
    # 18 or older at the last log-in, from the pid's birth date or a birthdate claim; None: unknown.
    of_age: Mapped[bool | None]
    # The kommunenummer of the configured residence claim at the last log-in; None: not given.
    residence_number: Mapped[str | None] = mapped_column(String(4))

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<ExternalIdentity {self.provider.value} {self.user_id}>"
