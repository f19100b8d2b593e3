"""Corrections and progress updates in the stage history; inputs registered by staff in full.

Upgrade:
- stage_changes.kind (move, correction, progress; existing rows are moves) and a CHECK that a
  move changes the stage while a correction or a progress update keeps it. Adding a column and
  a constraint is DDL: the append-only trigger of 0008 (UPDATE/DELETE) does not fire. On SQLite
  the table is not copied (plain ADD COLUMN), so the constraint there lives in the models alone.
- registered_inputs: how a registered input came in, the day it was received, an optional
  journal or case number and whether it came in after the deadline.
- sender_contacts: a way to reach the sender, kept apart from the public input.

Revision ID: 0013
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None

KINDS = ("move", "correction", "progress")
VIA = ("letter", "email", "phone", "meeting", "social_media", "other")
KIND_KEEPS_STAGE = (
    "(kind = 'move' AND from_stage <> to_stage) OR (kind <> 'move' AND from_stage = to_stage)"
)


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    # SQLite cannot add a CHECK to an existing table without copying it ): the models
    # hold it there, and the ORM writes only the three kinds.
    op.add_column(
        "stage_changes",
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="kind", native_enum=False, create_constraint=postgres, length=20),
            server_default=sa.text("'move'"),
            nullable=False,
        ),
    )
    if postgres:
        op.create_check_constraint(
            op.f("ck_stage_changes_kind_matches_stages"), "stage_changes", KIND_KEEPS_STAGE
        )
    op.create_table(
        "registered_inputs",
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column(
            "received_via",
            sa.Enum(
                *VIA, name="received_via", native_enum=False, create_constraint=True, length=20
            ),
            nullable=False,
        ),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("case_number", sa.String(length=60), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["idea_id"],
            ["ideas.id"],
            name=op.f("fk_registered_inputs_idea_id_ideas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("idea_id", name=op.f("pk_registered_inputs")),
    )
    op.create_table(
        "sender_contacts",
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["idea_id"],
            ["ideas.id"],
            name=op.f("fk_sender_contacts_idea_id_ideas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("idea_id", name=op.f("pk_sender_contacts")),
    )


def downgrade():
    op.drop_table("sender_contacts")
    op.drop_table("registered_inputs")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(
            op.f("ck_stage_changes_kind_matches_stages"), "stage_changes", type_="check"
        )
        op.drop_constraint(op.f("ck_stage_changes_kind"), "stage_changes", type_="check")
    # SQLite 3.35+ drops a plain column without copying the table.
    op.drop_column("stage_changes", "kind")
