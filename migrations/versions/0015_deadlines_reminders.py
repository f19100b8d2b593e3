"""Answer deadlines, provisional answers and case reminders (issue 23 §3).

- municipalities.answer_deadline_days (default 30, 1–365). Plain ADD COLUMN with its CHECK on
  SQLite (as 0010): municipalities is the parent of nearly every table.
- ideas.deadline_on: the staff deadline a provisional answer set.
- stage_changes.expected_on: the date a provisional answer says the answer can be expected.
  Adding a column is DDL: the append-only trigger of 0008 does not fire.
- case_reminders: who got the day's reminder of cases due soon or overdue (one a day).

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

CHECK_NAME = "ck_municipalities_answer_deadline_days_range"
CHECK = "answer_deadline_days BETWEEN 1 AND 365"


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE municipalities ADD COLUMN answer_deadline_days INTEGER NOT NULL "
            f"DEFAULT 30 CONSTRAINT {CHECK_NAME} CHECK ({CHECK})"
        )
    else:
        op.add_column(
            "municipalities",
            sa.Column("answer_deadline_days", sa.Integer(), nullable=False, server_default="30"),
        )
        op.create_check_constraint(op.f(CHECK_NAME), "municipalities", CHECK)
    op.add_column("ideas", sa.Column("deadline_on", sa.Date(), nullable=True))
    op.add_column("stage_changes", sa.Column("expected_on", sa.Date(), nullable=True))
    op.create_table(
        "case_reminders",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_case_reminders_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "sent_on", name=op.f("pk_case_reminders")),
    )


def downgrade():
    op.drop_table("case_reminders")
    op.drop_column("stage_changes", "expected_on")
    op.drop_column("ideas", "deadline_on")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f(CHECK_NAME), "municipalities", type_="check")
    op.drop_column("municipalities", "answer_deadline_days")
