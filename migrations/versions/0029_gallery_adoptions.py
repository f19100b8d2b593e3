"""Gjort i kommunene: a municipality takes in another's done solution (issue 25 §2).

- adoptions: the adopting municipality, the origin (an input or a result of another
  municipality) and what was made of it (a draft challenge or an input).

Revision ID: 0029
Revises: 0028
"""

import sqlalchemy as sa
from alembic import op

from cocreate.extensions import UTCDateTime

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "adoptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("origin_municipality_id", sa.Integer(), nullable=False),
        sa.Column("origin_idea_id", sa.Integer(), nullable=True),
        sa.Column("origin_result_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "challenge",
                "input",
                name="adoption_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("challenge_id", sa.Integer(), nullable=True),
        sa.Column("idea_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(origin_idea_id IS NULL) <> (origin_result_id IS NULL)",
            name=op.f("ck_adoptions_one_origin"),
        ),
        sa.CheckConstraint(
            "(kind = 'challenge' AND challenge_id IS NOT NULL AND idea_id IS NULL)"
            " OR (kind = 'input' AND idea_id IS NOT NULL)",
            name=op.f("ck_adoptions_created_matches_kind"),
        ),
        sa.CheckConstraint(
            "municipality_id <> origin_municipality_id", name=op.f("ck_adoptions_not_own")
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_adoptions_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_adoptions_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["ideas.id"], name=op.f("fk_adoptions_idea_id_ideas"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_adoptions_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["origin_idea_id"],
            ["ideas.id"],
            name=op.f("fk_adoptions_origin_idea_id_ideas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["origin_municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_adoptions_origin_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["origin_result_id"],
            ["results.id"],
            name=op.f("fk_adoptions_origin_result_id_results"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adoptions")),
        sa.UniqueConstraint(
            "municipality_id",
            "origin_idea_id",
            name=op.f("uq_adoptions_municipality_id_origin_idea_id"),
        ),
        sa.UniqueConstraint(
            "municipality_id",
            "origin_result_id",
            name=op.f("uq_adoptions_municipality_id_origin_result_id"),
        ),
    )
    with op.batch_alter_table("adoptions", schema=None) as batch_op:
        for column in (
            "municipality_id",
            "origin_municipality_id",
            "challenge_id",
            "idea_id",
            "origin_idea_id",
            "origin_result_id",
        ):
            batch_op.create_index(batch_op.f(f"ix_adoptions_{column}"), [column], unique=False)


def downgrade():
    op.drop_table("adoptions")
