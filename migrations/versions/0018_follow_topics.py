"""Citizens follow a whole challenge, a district or a principle; digest items remember the
challenge they are grouped under.

Revision ID: 0018
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

ONE_TOPIC = (
    "(challenge_id IS NOT NULL AND district_id IS NULL AND principle_id IS NULL)"
    " OR (challenge_id IS NULL AND district_id IS NOT NULL AND principle_id IS NULL)"
    " OR (challenge_id IS NULL AND district_id IS NULL AND principle_id IS NOT NULL)"
)


def upgrade():
    op.create_table(
        "topic_follows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=True),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("principle_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(ONE_TOPIC, name=op.f("ck_topic_follows_one_topic")),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_topic_follows_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["districts.id"],
            name=op.f("fk_topic_follows_district_id_districts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["principle_id"],
            ["principles.id"],
            name=op.f("fk_topic_follows_principle_id_principles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_topic_follows_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic_follows")),
        sa.UniqueConstraint(
            "user_id", "challenge_id", name=op.f("uq_topic_follows_user_id_challenge_id")
        ),
        sa.UniqueConstraint(
            "user_id", "district_id", name=op.f("uq_topic_follows_user_id_district_id")
        ),
        sa.UniqueConstraint(
            "user_id", "principle_id", name=op.f("uq_topic_follows_user_id_principle_id")
        ),
    )
    with op.batch_alter_table("topic_follows", schema=None) as batch_op:
        batch_op.create_index("ix_topic_follows_challenge_id", ["challenge_id"], unique=False)
        batch_op.create_index("ix_topic_follows_district_id", ["district_id"], unique=False)
        batch_op.create_index("ix_topic_follows_principle_id", ["principle_id"], unique=False)

    with op.batch_alter_table("digest_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("group_title", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("group_path", sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table("digest_items", schema=None) as batch_op:
        batch_op.drop_column("group_path")
        batch_op.drop_column("group_title")
    op.drop_table("topic_follows")
