"""Full-text search on ideas: an FTS5 index with triggers on SQLite, a GIN index on PostgreSQL.

Autogenerate cannot see these (an expression index and a virtual table), so they are written by
hand here, with the same DDL the models run on create_all (cocreate/ideas/models.py).

Revision ID: 0003
Revises: 0002
"""

from alembic import op

from cocreate.ideas.models import SEARCH_VECTOR_PG, SQLITE_FTS_DDL

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_FTS_DDL:
            op.execute(statement)
        op.execute("INSERT INTO ideas_fts(ideas_fts) VALUES ('rebuild')")
    elif dialect == "postgresql":
        op.execute(f"CREATE INDEX IF NOT EXISTS ix_ideas_search_nb ON ideas USING gin (({SEARCH_VECTOR_PG}))")


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("ideas_fts_ai", "ideas_fts_ad", "ideas_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS ideas_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_ideas_search_nb")
