"""Every list and per-row lookup the pages and services make has an index that serves it.

The plan is asked of the database itself: on PostgreSQL with sequential scans switched off (so
the tiny test tables cannot hide a missing index behind a cheaper scan), on SQLite with EXPLAIN
QUERY PLAN. Each statement has the shape of the app's query (docs/performance.md lists them).
"""

import pytest
from sqlalchemy import text

from cocreate.extensions import db

LISTS = [
    (
        "a challenge's published ideas, newest first",
        "SELECT id FROM ideas WHERE challenge_id = 1 AND visibility = 'published' "
        "ORDER BY created_at DESC LIMIT 20",
        "ix_ideas_challenge_visibility_created",
    ),
    (
        "an idea's comments in order",
        "SELECT id FROM comments WHERE idea_id = 1 ORDER BY created_at",
        "ix_comments_idea_created",
    ),
    (
        "replies to a comment (partial index)",
        "SELECT id FROM comments WHERE parent_id = 1",
        "ix_comments_parent_id",
    ),
    (
        "duplicates merged into an idea (partial index)",
        "SELECT id FROM ideas WHERE merged_into_id = 1",
        "ix_ideas_merged_into_id",
    ),
    (
        "an idea's stage history",
        "SELECT id FROM stage_changes WHERE idea_id = 1 ORDER BY created_at",
        "ix_stage_changes_idea_created",
    ),
    (
        "what a person supports in a challenge",
        "SELECT idea_id FROM votes WHERE user_id = 1 AND challenge_id = 1",
        "ix_votes_user_challenge",
    ),
    (
        "supports of a challenge",
        "SELECT id FROM votes WHERE challenge_id = 1",
        "ix_votes_challenge_id",
    ),
    (
        "a person's unread notifications",
        "SELECT id FROM notifications WHERE user_id = 1 AND read_at IS NULL",
        "ix_notifications_user_read",
    ),
    (
        "a municipality's audit log, newest first",
        "SELECT id FROM audit_events WHERE municipality_id = 1 ORDER BY created_at DESC LIMIT 50",
        "ix_audit_events_municipality_created",
    ),
    (
        "the moderation queue",
        "SELECT id FROM reports WHERE municipality_id = 1 AND status = 'open' ORDER BY created_at",
        "ix_reports_municipality_status",
    ),
    (
        "a person's ideas (deleting an account)",
        "SELECT id FROM ideas WHERE author_id = 1",
        "ix_ideas_author_id",
    ),
    (
        "a workshop's notes in order",
        "SELECT id FROM workshop_notes WHERE workshop_id = 1 ORDER BY created_at",
        "ix_workshop_notes_workshop_created",
    ),
]


def _plan(statement: str) -> str:
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        rows = connection.execute(text("EXPLAIN " + statement)).scalars()
        return "\n".join(rows)
    rows = connection.execute(text("EXPLAIN QUERY PLAN " + statement)).all()
    return "\n".join(str(row[-1]) for row in rows)


@pytest.mark.parametrize(("what", "statement", "index"), LISTS, ids=[row[0] for row in LISTS])
def test_every_list_is_served_by_its_index(app_ctx, what, statement, index):
    plan = _plan(statement)
    db.session.rollback()
    assert index in plan, f"{what}: no {index} in the plan\n{plan}"
