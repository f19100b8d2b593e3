"""The participation ledger (each person's contributions per municipality and per month, and
each month's totals) and each input's facts on its row (first besluttet, first gjort, first
cited, furthest stage).

Plain ADD COLUMN on ideas, not batch mode: on SQLite batch mode would copy the table and lose
the full-text search triggers of 0003.

These tables and columns are created empty: 0007 drops them again (the dashboard is computed
from the raw rows into a snapshot), and the code that filled them here (cocreate/metrics/
ledger.py, cocreate/pipeline/facts.py) is gone with them.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from cocreate.extensions import UTCDateTime
from cocreate.ideas.stages import Stage

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

LEDGER_COUNTS = ("ideas", "inputs", "votes", "comments")


def _ledger_table(name: str, keys: list[sa.Column], extra: list[sa.Column]) -> None:
    op.create_table(
        name,
        *keys,
        *(sa.Column(count, sa.Integer(), nullable=False) for count in LEDGER_COUNTS),
        *extra,
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f(f"fk_{name}_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f(f"fk_{name}_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint(*(key.name for key in keys), name=op.f(f"pk_{name}")),
    )
    op.create_index(op.f(f"ix_{name}_user_id"), name, ["user_id"], unique=False)


def upgrade():
    _ledger_table(
        "participation_months",
        [
            sa.Column("municipality_id", sa.Integer(), nullable=False),
            sa.Column("month", sa.String(length=7), nullable=False),
            sa.Column("user_id", sa.Integer(), nullable=False),
        ],
        [],
    )
    _ledger_table(
        "participation_people",
        [
            sa.Column("municipality_id", sa.Integer(), nullable=False),
            sa.Column("user_id", sa.Integer(), nullable=False),
        ],
        [sa.Column("challenges", sa.Integer(), nullable=False)],
    )
    op.create_table(
        "participation_month_totals",
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        *(sa.Column(count, sa.Integer(), nullable=False) for count in LEDGER_COUNTS),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_participation_month_totals_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "municipality_id", "month", name=op.f("pk_participation_month_totals")
        ),
    )
    op.create_table(
        "participation_pending",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_participation_pending_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_participation_pending")),
    )
    for column in ("first_decided_at", "first_done_at", "first_cited_at"):
        op.add_column("ideas", sa.Column(column, UTCDateTime(timezone=True), nullable=True))
    stages = ", ".join(f"'{stage.value}'" for stage in Stage)
    op.execute(
        "ALTER TABLE ideas ADD COLUMN furthest_stage VARCHAR(20) DEFAULT 'heard' NOT NULL "
        f"CONSTRAINT ck_ideas_furthest_stage CHECK (furthest_stage IN ({stages}))"
    )


def downgrade():
    # furthest_stage's CHECK goes with the column (it names no other column).
    for column in ("furthest_stage", "first_cited_at", "first_done_at", "first_decided_at"):
        op.drop_column("ideas", column)
    op.drop_table("participation_pending")
    op.drop_table("participation_month_totals")
    for name in ("participation_people", "participation_months"):
        op.drop_index(op.f(f"ix_{name}_user_id"), table_name=name)
        op.drop_table(name)
