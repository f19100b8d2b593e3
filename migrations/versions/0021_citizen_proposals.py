"""Innbyggerforslag (kommuneloven § 12-1, issue 22 §1): citizen_proposals with their public
moves (proposal_moves), followers (proposal_follows) and the staff reminders sent
(proposal_reminders, once per proposal and kind).

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "citizen_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("matter", sa.Text(), nullable=False),
        sa.Column("initiators", sa.String(length=300), nullable=False),
        sa.Column("initiators_public", sa.Boolean(), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column(
            "channel",
            sa.Enum(
                "minsak",
                "paper",
                "other",
                name="proposal_channel",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("source_url", sa.String(length=500), nullable=True),
        sa.Column("signatures", sa.Integer(), nullable=False),
        sa.Column("valid_signatures", sa.Integer(), nullable=True),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "registered",
                "in_treatment",
                "adopted",
                "rejected",
                name="proposal_state",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("case_reference", sa.String(length=300), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("same_content", sa.Boolean(), nullable=False),
        sa.Column("same_reason", sa.Text(), nullable=False),
        sa.Column("same_as_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(decided_at IS NULL) = (state NOT IN ('adopted', 'rejected'))",
            name=op.f("ck_citizen_proposals_decided_at_when_decided"),
        ),
        sa.CheckConstraint(
            "length(title) BETWEEN 3 AND 200", name=op.f("ck_citizen_proposals_title_length")
        ),
        sa.CheckConstraint(
            "same_as_id IS NULL OR same_content",
            name=op.f("ck_citizen_proposals_same_as_only_when_same_content"),
        ),
        sa.CheckConstraint(
            "signatures >= 0", name=op.f("ck_citizen_proposals_signatures_positive")
        ),
        sa.CheckConstraint(
            "valid_signatures IS NULL OR "
            "(valid_signatures >= 0 AND valid_signatures <= signatures)",
            name=op.f("ck_citizen_proposals_valid_signatures_range"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_citizen_proposals_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_citizen_proposals_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["same_as_id"],
            ["citizen_proposals.id"],
            name=op.f("fk_citizen_proposals_same_as_id_citizen_proposals"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizen_proposals")),
    )
    with op.batch_alter_table("citizen_proposals", schema=None) as batch_op:
        batch_op.create_index(
            "ix_citizen_proposals_municipality_submitted",
            ["municipality_id", "submitted_on"],
            unique=False,
        )

    op.create_table(
        "proposal_follows",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["citizen_proposals.id"],
            name=op.f("fk_proposal_follows_proposal_id_citizen_proposals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_proposal_follows_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("proposal_id", "user_id", name=op.f("pk_proposal_follows")),
    )
    with op.batch_alter_table("proposal_follows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposal_follows_user_id"), ["user_id"], unique=False)

    op.create_table(
        "proposal_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column(
            "from_state",
            sa.Enum(
                "registered",
                "in_treatment",
                "adopted",
                "rejected",
                name="from_state",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "to_state",
            sa.Enum(
                "registered",
                "in_treatment",
                "adopted",
                "rejected",
                name="to_state",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("reference", sa.String(length=300), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(answer) >= 20", name=op.f("ck_proposal_moves_answer_min_length")
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_proposal_moves_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["citizen_proposals.id"],
            name=op.f("fk_proposal_moves_proposal_id_citizen_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_moves")),
    )
    with op.batch_alter_table("proposal_moves", schema=None) as batch_op:
        batch_op.create_index(
            "ix_proposal_moves_proposal_created", ["proposal_id", "created_at"], unique=False
        )

    op.create_table(
        "proposal_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "three_months",
                "one_month",
                "overdue",
                name="proposal_reminder_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["citizen_proposals.id"],
            name=op.f("fk_proposal_reminders_proposal_id_citizen_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_reminders")),
        sa.UniqueConstraint(
            "proposal_id", "kind", name=op.f("uq_proposal_reminders_proposal_id_kind")
        ),
    )


def downgrade():
    op.drop_table("proposal_reminders")
    with op.batch_alter_table("proposal_moves", schema=None) as batch_op:
        batch_op.drop_index("ix_proposal_moves_proposal_created")

    op.drop_table("proposal_moves")
    with op.batch_alter_table("proposal_follows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_follows_user_id"))

    op.drop_table("proposal_follows")
    with op.batch_alter_table("citizen_proposals", schema=None) as batch_op:
        batch_op.drop_index("ix_citizen_proposals_municipality_submitted")

    op.drop_table("citizen_proposals")
