"""Meetings people can come to (issue 25 §7): meetings of a challenge (workshop or folkemøte)
with agenda and minutes, their sign-ups (deleted 30 days after the meeting, counts kept on the
meeting), the inputs made from the minutes (meeting_ideas), and text attachments on the outbox
(the sign-up's .ics calendar file).

Revision ID: 0028
Revises: 0027
"""

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "workshop",
                "folkemote",
                name="meeting_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("workshop_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("accessibility", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("signups_open", sa.Boolean(), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("kept_signups", sa.Integer(), nullable=False),
        sa.Column("kept_waiting", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(title) BETWEEN 3 AND 200", name=op.f("ck_meetings_title_length")
        ),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_meetings_ends_after_start")),
        sa.CheckConstraint(
            "capacity IS NULL OR capacity >= 1", name=op.f("ck_meetings_capacity_positive")
        ),
        sa.CheckConstraint(
            "kept_signups >= 0 AND kept_waiting >= 0", name=op.f("ck_meetings_kept_not_negative")
        ),
        sa.CheckConstraint(
            "workshop_id IS NULL OR kind = 'workshop'",
            name=op.f("ck_meetings_workshop_only_for_workshops"),
        ),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_meetings_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_meetings_workshop_id_workshops"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_meetings_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meetings_challenge_id"), ["challenge_id"])

    op.create_table(
        "meeting_signups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("needs_interpreter", sa.Boolean(), nullable=False),
        sa.Column("needs_hearing_loop", sa.Boolean(), nullable=False),
        sa.Column("needs_step_free", sa.Boolean(), nullable=False),
        sa.Column("other_needs", sa.String(length=500), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "confirmed",
                "waiting",
                "cancelled",
                name="meeting_signup_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("promoted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "length(name) BETWEEN 1 AND 120", name=op.f("ck_meeting_signups_name_length")
        ),
        sa.CheckConstraint(
            "length(email) BETWEEN 3 AND 254", name=op.f("ck_meeting_signups_email_length")
        ),
        sa.CheckConstraint(
            "length(other_needs) <= 500", name=op.f("ck_meeting_signups_other_needs_length")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_signups_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_signups")),
        sa.UniqueConstraint("token", name=op.f("uq_meeting_signups_token")),
    )
    with op.batch_alter_table("meeting_signups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_signups_meeting_id"), ["meeting_id"])

    op.create_table(
        "meeting_ideas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["idea_id"],
            ["ideas.id"],
            name=op.f("fk_meeting_ideas_idea_id_ideas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_ideas_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_ideas")),
        sa.UniqueConstraint("idea_id", name=op.f("uq_meeting_ideas_idea_id")),
    )
    with op.batch_alter_table("meeting_ideas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_ideas_meeting_id"), ["meeting_id"])

    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attachments", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_column("attachments")
    op.drop_table("meeting_ideas")
    op.drop_table("meeting_signups")
    op.drop_table("meetings")
