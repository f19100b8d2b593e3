"""The stage history is append-only in the database too (PostgreSQL): a trigger refuses UPDATE and
DELETE on stage_changes, except the ones a foreign key makes (an idea deleted with its history, an
account erased and its actor_id set to NULL). The ORM guard in pipeline/models.py stays for
SQLite and for a clear error before the statement is sent.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

FUNCTION = """
CREATE OR REPLACE FUNCTION stage_changes_append_only() RETURNS trigger AS $$
BEGIN
    -- A cascade from ideas or users runs inside the foreign key's own trigger (depth 2).
    IF pg_trigger_depth() > 1 THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    RAISE EXCEPTION 'stage_changes is append-only: a correction is a new move'
        USING ERRCODE = 'integrity_constraint_violation';
END
$$ LANGUAGE plpgsql
"""


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    op.execute(
        "CREATE TRIGGER stage_changes_append_only BEFORE UPDATE OR DELETE ON stage_changes "
        "FOR EACH ROW EXECUTE FUNCTION stage_changes_append_only()"
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS stage_changes_append_only ON stage_changes")
    op.execute("DROP FUNCTION IF EXISTS stage_changes_append_only()")
