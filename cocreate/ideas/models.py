"""Ideas (innspill), supports (stemmer), comments and follows."""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Connection,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..challenges.models import Challenge
from ..database import utcnow
from ..enums import enum_column
from ..extensions import Model
from ..ideas.stages import Stage
from ..limits import TextLimit
from ..municipalities.models import District


class Channel(enum.Enum):
    web = "web"
    workshop = "workshop"
    registered = "registered"  # taken in by staff from mail, phone or a meeting

    @property
    def label(self) -> str:
        return str(CHANNEL_LABELS[self])


CHANNEL_LABELS = {
    Channel.web: _l("Nett"),
    Channel.workshop: _l("Verksted"),
    Channel.registered: _l("Registrert av kommunen"),
}


IDEA_TITLE = TextLimit(120, _l("Tittelen kan være på høyst %(max)d tegn (nå: %(length)d)."), 1)
IDEA_BODY = TextLimit(5000, _l("Teksten kan være på høyst %(max)d tegn (nå: %(length)d)."))
COMMENT_BODY = TextLimit(
    2000, _l("Kommentaren kan være på høyst %(max)d tegn (nå: %(length)d)."), 1
)


class Visibility(enum.Enum):
    published = "published"
    pending = "pending"  # waits for a facilitator under pre-moderation
    hidden = "hidden"  # hidden by moderation; a public placeholder names the reason
    merged = "merged"  # a duplicate; merged_into_id points to the idea it joined


# The document searched on PostgreSQL; the GIN index and the queries must use this exact expression.
SEARCH_VECTOR_PG = "to_tsvector('norwegian', title || ' ' || body)"


class Idea(Model):
    __tablename__ = "ideas"
    __table_args__ = (
        CheckConstraint(
            "(visibility = 'merged') = (merged_into_id IS NOT NULL)", name="merged_has_target"
        ),
        Index("ix_ideas_challenge_visibility_created", "challenge_id", "visibility", "created_at"),
        # A merge target's duplicates. Partial: almost every row is NULL, and SQLite's planner
        # ignores an index whose statistics say one value covers the whole table.
        Index(
            "ix_ideas_merged_into_id",
            "merged_into_id",
            sqlite_where=text("merged_into_id IS NOT NULL"),
            postgresql_where=text("merged_into_id IS NOT NULL"),
        ),
        # Full-text search on PostgreSQL; queries use the same expression (see queries.py).
        Index(
            "ix_ideas_search_nb",
            text(f"({SEARCH_VECTOR_PG})"),
            postgresql_using="gin",
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(IDEA_TITLE.max))
    body: Mapped[str] = mapped_column(Text, default="")
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id", ondelete="SET NULL"))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, "channel"), default=Channel.web)
    stage: Mapped[Stage] = mapped_column(
        enum_column(Stage, "stage"), default=Stage.heard, index=True
    )
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility, "visibility"), default=Visibility.published
    )
    hidden_reason: Mapped[str | None] = mapped_column(String(40))
    # No ON DELETE SET NULL: it would break merged_has_target. A merge target cannot be deleted
    # while duplicates point to it (unless they go in the same statement, as with its challenge).
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id"))
    # Counters kept in step by the services with atomic UPDATEs, so lists never count rows.
    support_count: Mapped[int] = mapped_column(default=0)
    workshop_vote_count: Mapped[int] = mapped_column(default=0)
    comment_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Set by the move service alone (pipeline/services.py, _record_move), with each StageChange.
    first_answered_at: Mapped[datetime | None]
    last_moved_at: Mapped[datetime | None]
    # The case: the department and the person handling it (cases/services.py assign_inputs).
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL"), index=True
    )
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    assigned_at: Mapped[datetime | None]
    # The staff deadline a provisional answer set (pipeline add_progress_update with a date);
    # None: the municipality's deadline from the day received (pipeline/deadlines.py).
    deadline_on: Mapped[date | None]

    challenge: Mapped[Challenge] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    district: Mapped[District | None] = relationship()
    merged_into: Mapped["Idea | None"] = relationship(remote_side=[id])

    @property
    def is_public(self) -> bool:
        return self.visibility is Visibility.published

    def __repr__(self) -> str:
        return f"<Idea {self.id} {self.stage.value}>"


# SQLite searches an FTS5 index over title and body, kept in step with `ideas` by triggers.
SQLITE_FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS ideas_fts USING fts5("
    "title, body, content='ideas', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS ideas_fts_ai AFTER INSERT ON ideas BEGIN "
    "INSERT INTO ideas_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS ideas_fts_ad AFTER DELETE ON ideas BEGIN "
    "INSERT INTO ideas_fts(ideas_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS ideas_fts_au AFTER UPDATE OF title, body ON ideas BEGIN "
    "INSERT INTO ideas_fts(ideas_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO ideas_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
)


def create_search_tables(connection: Connection) -> None:
    """SQLite's search index and triggers, for a schema made by create_all (the migrations make
    them themselves): cocreate.models.create_all() calls it."""
    if connection.dialect.name == "sqlite":
        for statement in SQLITE_FTS_DDL:
            connection.exec_driver_sql(statement)


def drop_search_tables(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("DROP TABLE IF EXISTS ideas_fts")


class Vote(Model):
    """One support per person per idea; the unique constraint is the final guard."""

    __tablename__ = "votes"
    __table_args__ = (
        UniqueConstraint("idea_id", "user_id"),
        Index("ix_votes_user_challenge", "user_id", "challenge_id"),
        Index("ix_votes_challenge_id", "challenge_id"),  # measures and exports per challenge
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Kept beside idea_id so a vote budget is checked without a join.
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CommentVisibility(enum.Enum):
    published = "published"
    hidden = "hidden"


class Comment(Model):
    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_idea_created", "idea_id", "created_at"),
        Index(  # replies of a comment; partial for the same reason as ix_ideas_merged_into_id
            "ix_comments_parent_id",
            "parent_id",
            sqlite_where=text("parent_id IS NOT NULL"),
            postgresql_where=text("parent_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    visibility: Mapped[CommentVisibility] = mapped_column(
        enum_column(CommentVisibility, "comment_visibility"), default=CommentVisibility.published
    )
    hidden_reason: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]

    idea: Mapped[Idea] = relationship()
    author: Mapped[User | None] = relationship()
    parent: Mapped["Comment | None"] = relationship(remote_side=[id], back_populates="replies")
    replies: Mapped[list["Comment"]] = relationship(
        back_populates="parent", order_by="Comment.created_at", viewonly=True
    )

    @property
    def is_public(self) -> bool:
        return self.visibility is CommentVisibility.published


class Follow(Model):
    __tablename__ = "follows"
    __table_args__ = (UniqueConstraint("idea_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReceivedVia(enum.Enum):
    """How an input registered by staff came in."""

    letter = "letter"
    email = "email"
    phone = "phone"
    meeting = "meeting"
    social_media = "social_media"
    other = "other"

    @property
    def label(self) -> str:
        return str(RECEIVED_VIA_LABELS[self])


RECEIVED_VIA_LABELS = {
    ReceivedVia.letter: _l("Brev"),
    ReceivedVia.email: _l("E-post"),
    ReceivedVia.phone: _l("Telefon"),
    ReceivedVia.meeting: _l("Møte"),
    ReceivedVia.social_media: _l("Sosiale medier"),
    ReceivedVia.other: _l("Annet"),
}

CASE_NUMBER = TextLimit(60, _l("Saks- eller journalnummeret kan være på høyst %(max)d tegn."))
SENDER_CONTACT = TextLimit(
    200, _l("Kontaktopplysningene kan være på høyst %(max)d tegn (nå: %(length)d).")
)


class RegisteredInput(Model):
    """How an input typed in by staff came in: the way, the day it was received (the input's
    created_at is that day, so time to answer counts from it), the journal or case number
    (arkivsak/journalpost, for staff only) and whether it came in after the deadline."""

    __tablename__ = "registered_inputs"

    idea_id: Mapped[int] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True
    )
    received_via: Mapped[ReceivedVia] = mapped_column(enum_column(ReceivedVia, "received_via"))
    received_on: Mapped[date]
    case_number: Mapped[str | None] = mapped_column(String(CASE_NUMBER.max))
    late: Mapped[bool] = mapped_column(default=False)

    idea: Mapped[Idea] = relationship()


class SenderContact(Model):
    """A way to reach the sender of a registered input, kept apart from the public input: never
    serialised on public pages, the API or exports; erased with the input's personal data."""

    __tablename__ = "sender_contacts"

    idea_id: Mapped[int] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True
    )
    contact: Mapped[str] = mapped_column(String(SENDER_CONTACT.max))
