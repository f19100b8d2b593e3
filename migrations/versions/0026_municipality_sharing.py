"""A municipality shares what it has done and its headline measures with the others (issue 25).

- municipalities.shares_with_others: on by default; the gallery ("Gjort i kommunene") and the
  comparison between municipalities show only municipalities that share.

Revision ID: 0026
Revises: 0025
"""

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN, as 0015 and 0020: municipalities is the parent of nearly every table, and
    # a batch copy on SQLite would rebuild it.
    op.add_column(
        "municipalities",
        sa.Column("shares_with_others", sa.Boolean(), nullable=False, server_default=sa.true()),
    )


def downgrade():
    op.drop_column("municipalities", "shares_with_others")
