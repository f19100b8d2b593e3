"""The Noark 5 archive: case and journal numbers, and what has been exported.

Upgrade:
- archive_cases: a challenge's case number (saksnummer) in the municipality's archive.
- archived_inputs: an input's journal number, whether its sender is an organisation, and when
  it was last exported (with a digest of its text then).
- archived_answers: a public answer's journal number and when it was last exported. The stage
  history is append-only, so these live beside it.

Revision ID: 0017
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "archive_cases",
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("case_number", sa.String(length=12), nullable=True),
        sa.CheckConstraint(
            "length(case_number) BETWEEN 0 AND 12",
            name=op.f("ck_archive_cases_case_number_length"),
        ),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_archive_cases_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("challenge_id", name=op.f("pk_archive_cases")),
    )
    op.create_table(
        "archived_inputs",
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("journal_number", sa.String(length=17), nullable=True),
        sa.Column("sender_is_organisation", sa.Boolean(), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("archived_digest", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "length(journal_number) BETWEEN 0 AND 17",
            name=op.f("ck_archived_inputs_journal_number_length"),
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"],
            ["ideas.id"],
            name=op.f("fk_archived_inputs_idea_id_ideas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("idea_id", name=op.f("pk_archived_inputs")),
    )
    op.create_table(
        "archived_answers",
        sa.Column("stage_change_id", sa.Integer(), nullable=False),
        sa.Column("journal_number", sa.String(length=17), nullable=True),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "length(journal_number) BETWEEN 0 AND 17",
            name=op.f("ck_archived_answers_journal_number_length"),
        ),
        sa.ForeignKeyConstraint(
            ["stage_change_id"],
            ["stage_changes.id"],
            name=op.f("fk_archived_answers_stage_change_id_stage_changes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("stage_change_id", name=op.f("pk_archived_answers")),
    )


def downgrade():
    op.drop_table("archived_answers")
    op.drop_table("archived_inputs")
    op.drop_table("archive_cases")
