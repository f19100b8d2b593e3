"""Each municipality's dashboard figures as a snapshot computed by a job from the raw rows; the
participation ledger and the inputs' facts columns, which writes kept in step, are dropped.

Upgrade: drops participation_people, participation_months, participation_month_totals,
participation_pending and ideas.first_decided_at, first_done_at, first_cited_at and
furthest_stage (the measures now work these out from the stage history), and creates
metrics_snapshots. Nothing is lost: all of it was derived from other rows.

Downgrade: recreates the ledger tables and the facts columns as 0004 defined them, empty. The
code of that time fills them with `flask --app cocreate metrics rebuild`.

Plain DROP/ADD COLUMN on ideas, not batch mode: on SQLite batch mode would copy the table and
lose the full-text search triggers of 0003.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

from cocreate.extensions import UTCDateTime
from cocreate.ideas.stages import Stage

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

LEDGER_COUNTS = ("ideas", "inputs", "votes", "comments")
FACT_TIMES = ("first_decided_at", "first_done_at", "first_cited_at")
PERSON_TABLES = ("participation_people", "participation_months")


def upgrade():
    op.drop_table("participation_pending")
    op.drop_table("participation_month_totals")
    for name in PERSON_TABLES:
        op.drop_index(op.f(f"ix_{name}_user_id"), table_name=name)
        op.drop_table(name)
    # furthest_stage's CHECK goes with the column (it names no other column).
    for column in ("furthest_stage", *reversed(FACT_TIMES)):
        op.drop_column("ideas", column)
    op.create_table(
        "metrics_snapshots",
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("computed_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_metrics_snapshots_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", name=op.f("pk_metrics_snapshots")),
    )


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


def downgrade():
    op.drop_table("metrics_snapshots")
    for column in FACT_TIMES:
        op.add_column("ideas", sa.Column(column, UTCDateTime(timezone=True), nullable=True))
    stages = ", ".join(f"'{stage.value}'" for stage in Stage)
    op.execute(
        "ALTER TABLE ideas ADD COLUMN furthest_stage VARCHAR(20) DEFAULT 'heard' NOT NULL "
        f"CONSTRAINT ck_ideas_furthest_stage CHECK (furthest_stage IN ({stages}))"
    )
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
