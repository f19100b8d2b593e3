"""Site search: FTS5 indexes with triggers and fts5vocab tables on SQLite; `norwegian` GIN
indexes and pg_trgm (extension and title indexes) on PostgreSQL. Filled from the rows already
there. The same DDL as create_all runs (cocreate/search/index.py); see docs/search.md.

Revision ID: 0023
Revises: 0020
"""

from alembic import op

from cocreate.search.index import create_search_index, drop_search_index

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    create_search_index(op.get_bind())


def downgrade():
    drop_search_index(op.get_bind())
