"""Templates that carry their evidence (issue 25 §3).

- challenge_templates: a concluded challenge shared as a starting point: a copy of its texts,
  principles, målbilder, SDGs (by number), IAP2 level, workshop plan and survey questions, and
  its measures at conclusion as published (JSON, under the k-rules).
- challenge_template_uses: a challenge started from a template (the link is kept here, so the
  challenges table is not changed).

Revision ID: 0027
Revises: 0026
"""

import sqlalchemy as sa
from alembic import op

from cocreate.extensions import UTCDateTime

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "challenge_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("source_challenge_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("description_html", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("summary_html", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("note_html", sa.Text(), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "informere",
                "konsultere",
                "involvere",
                "samarbeide",
                "medbestemme",
                name="participation_level",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("principle_numbers", sa.JSON(), nullable=False),
        sa.Column("target_image_numbers", sa.JSON(), nullable=False),
        sa.Column("goal_numbers", sa.JSON(), nullable=False),
        sa.Column("workshops", sa.JSON(), nullable=False),
        sa.Column("survey_questions", sa.JSON(), nullable=False),
        sa.Column("measures", sa.JSON(), nullable=False),
        sa.Column("concluded_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("published_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("unpublished_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("unpublished_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_challenge_templates_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_templates_source_challenge_id_challenges"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["users.id"],
            name=op.f("fk_challenge_templates_published_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["unpublished_by_id"],
            ["users.id"],
            name=op.f("fk_challenge_templates_unpublished_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_templates")),
    )
    with op.batch_alter_table("challenge_templates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_challenge_templates_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_challenge_templates_source_challenge_id"),
            ["source_challenge_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_challenge_templates_published", ["unpublished_at", "published_at"], unique=False
        )
    op.create_table(
        "challenge_template_uses",
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_template_uses_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["challenge_templates.id"],
            name=op.f("fk_challenge_template_uses_template_id_challenge_templates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_challenge_template_uses_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("challenge_id", name=op.f("pk_challenge_template_uses")),
    )
    with op.batch_alter_table("challenge_template_uses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_challenge_template_uses_template_id"), ["template_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("challenge_template_uses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_template_uses_template_id"))
    op.drop_table("challenge_template_uses")
    with op.batch_alter_table("challenge_templates", schema=None) as batch_op:
        batch_op.drop_index("ix_challenge_templates_published")
        batch_op.drop_index(batch_op.f("ix_challenge_templates_source_challenge_id"))
        batch_op.drop_index(batch_op.f("ix_challenge_templates_municipality_id"))
    op.drop_table("challenge_templates")
