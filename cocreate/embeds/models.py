"""The sites (origins) that may frame a municipality's embeds: its allowlist."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import utcnow
from ..extensions import Model
from ..municipalities.models import Municipality

# scheme://host:port is at most this long (a DNS name is at most 253 characters).
ORIGIN_MAX = 300


class EmbedOrigin(Model):
    """One site, e.g. https://www.fjordvik.kommune.no, that may show the municipality's embeds
    in an iframe (the embeds' Content-Security-Policy frame-ancestors)."""

    __tablename__ = "embed_origins"
    __table_args__ = (
        UniqueConstraint("municipality_id", "origin"),
        CheckConstraint("length(origin) BETWEEN 8 AND 300", name="origin_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    origin: Mapped[str] = mapped_column(String(ORIGIN_MAX))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    municipality: Mapped[Municipality] = relationship()
