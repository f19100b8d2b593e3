"""Bokmål and nynorsk for the content too (issue 25 §5).

- content_translations: one field of one piece of content translated into the other written
  standard, with the version (SHA-256) of the source text it was made from, its origin (machine
  or staff) and whether staff checked it.
- municipalities.language_neutral: målform nøytral.

Revision ID: 0031
Revises: 0029
"""

import sqlalchemy as sa
from alembic import op

from cocreate.extensions import UTCDateTime

revision = "0031"
down_revision = "0029"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def upgrade():
    op.create_table(
        "content_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            _enum(
                "content_kind",
                "challenge",
                "idea",
                "comment",
                "answer",
                "result",
                "hearing",
                "hearing_section",
            ),
            nullable=False,
        ),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("source", _enum("translation_source", "nb", "nn"), nullable=False),
        sa.Column("target", _enum("translation_target", "nb", "nn"), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("origin", _enum("translation_origin", "machine", "staff"), nullable=False),
        sa.Column("checked", sa.Boolean(), nullable=False),
        sa.Column("replaced_checked", sa.Boolean(), nullable=False),
        sa.Column("translated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_content_translations_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["translated_by_id"],
            ["users.id"],
            name=op.f("fk_content_translations_translated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_translations")),
        sa.UniqueConstraint(
            "kind",
            "object_id",
            "field",
            "target",
            name=op.f("uq_content_translations_kind_object_id_field_target"),
        ),
    )
    with op.batch_alter_table("content_translations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_content_translations_municipality_id", ["municipality_id"], unique=False
        )
    # Plain ALTER TABLE (no batch copy of the table, which would rewrite its CHECK constraints).
    op.add_column(
        "municipalities",
        sa.Column("language_neutral", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade():
    op.drop_column("municipalities", "language_neutral")
    with op.batch_alter_table("content_translations", schema=None) as batch_op:
        batch_op.drop_index("ix_content_translations_municipality_id")
    op.drop_table("content_translations")
