"""Internal notes on inputs and the municipalities' answer templates.

Upgrade:
- idea_notes: staff's internal notes on an input (Markdown and its sanitised HTML), with the
  author (SET NULL when that account is erased) and when it was written and last edited;
- answer_templates: a municipality's starts of a public answer, with placeholders.

Revision ID: 0016
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "idea_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "length(body) BETWEEN 1 AND 5000", name=op.f("ck_idea_notes_body_length")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_idea_notes_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["ideas.id"], name=op.f("fk_idea_notes_idea_id_ideas"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idea_notes")),
    )
    op.create_index(op.f("ix_idea_notes_author_id"), "idea_notes", ["author_id"], unique=False)
    op.create_index(
        "ix_idea_notes_idea_created", "idea_notes", ["idea_id", "created_at"], unique=False
    )
    op.create_table(
        "answer_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(title) BETWEEN 1 AND 120", name=op.f("ck_answer_templates_title_length")
        ),
        sa.CheckConstraint(
            "length(body) BETWEEN 1 AND 5000", name=op.f("ck_answer_templates_body_length")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_answer_templates_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_templates")),
    )
    op.create_index(
        op.f("ix_answer_templates_municipality_id"),
        "answer_templates",
        ["municipality_id"],
        unique=False,
    )


def downgrade():
    op.drop_index(op.f("ix_answer_templates_municipality_id"), table_name="answer_templates")
    op.drop_table("answer_templates")
    op.drop_index("ix_idea_notes_idea_created", table_name="idea_notes")
    op.drop_index(op.f("ix_idea_notes_author_id"), table_name="idea_notes")
    op.drop_table("idea_notes")
