"""Embeds on the municipality's own website (issue 25 §6).

- embed_origins: the sites (origins, scheme://host[:port]) that may frame a municipality's
  embed pages (their Content-Security-Policy frame-ancestors).

Revision ID: 0032
Revises: 0031
"""

import sqlalchemy as sa
from alembic import op

from cocreate.extensions import UTCDateTime

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "embed_origins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=300), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(origin) BETWEEN 8 AND 300", name=op.f("ck_embed_origins_origin_length")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_embed_origins_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_embed_origins")),
        sa.UniqueConstraint(
            "municipality_id", "origin", name=op.f("uq_embed_origins_municipality_id_origin")
        ),
    )
    with op.batch_alter_table("embed_origins", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_embed_origins_municipality_id"), ["municipality_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("embed_origins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_embed_origins_municipality_id"))
    op.drop_table("embed_origins")
