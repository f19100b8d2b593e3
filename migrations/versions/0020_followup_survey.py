"""The follow-up survey 6–12 months after an input reached gjort (issue 24 §5).

- municipalities.followup_months (default 6, 6–12): plain ADD COLUMN with its CHECK on SQLite,
  as 0015 (municipalities is the parent of nearly every table).
- followup_invitations: who was asked about which input (once per person per input).
- followup_responses: their answers (made a difference, in use: 1–5; a comment).

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

CHECK_NAME = "ck_municipalities_followup_months_range"
CHECK = "followup_months BETWEEN 6 AND 12"


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE municipalities ADD COLUMN followup_months INTEGER NOT NULL "
            f"DEFAULT 6 CONSTRAINT {CHECK_NAME} CHECK ({CHECK})"
        )
    else:
        op.add_column(
            "municipalities",
            sa.Column("followup_months", sa.Integer(), nullable=False, server_default="6"),
        )
        op.create_check_constraint(op.f(CHECK_NAME), "municipalities", CHECK)
    op.create_table(
        "followup_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["idea_id"],
            ["ideas.id"],
            name=op.f("fk_followup_invitations_idea_id_ideas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_followup_invitations_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup_invitations")),
        sa.UniqueConstraint(
            "idea_id", "user_id", name=op.f("uq_followup_invitations_idea_id_user_id")
        ),
    )
    with op.batch_alter_table("followup_invitations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_followup_invitations_idea_id"), ["idea_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_followup_invitations_user_id"), ["user_id"], unique=False
        )
    op.create_table(
        "followup_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("made_difference", sa.Integer(), nullable=False),
        sa.Column("in_use", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "made_difference BETWEEN 1 AND 5",
            name=op.f("ck_followup_responses_made_difference_range"),
        ),
        sa.CheckConstraint("in_use BETWEEN 1 AND 5", name=op.f("ck_followup_responses_in_use_range")),
        sa.ForeignKeyConstraint(
            ["idea_id"],
            ["ideas.id"],
            name=op.f("fk_followup_responses_idea_id_ideas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_followup_responses_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup_responses")),
        sa.UniqueConstraint(
            "idea_id", "user_id", name=op.f("uq_followup_responses_idea_id_user_id")
        ),
    )
    with op.batch_alter_table("followup_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_followup_responses_idea_id"), ["idea_id"], unique=False
        )


def downgrade():
    op.drop_table("followup_responses")
    op.drop_table("followup_invitations")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f(CHECK_NAME), "municipalities", type_="check")
    op.drop_column("municipalities", "followup_months")
