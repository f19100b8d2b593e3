"""Page generations: one counter per scope (0 = the whole site, else a municipality), bumped
by every writing transaction, so the page cache never serves a page older than a committed
write (cocreate/page_generations.py). Starts empty: rows are made on first use, and pages
stored before this revision carry another key prefix.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "page_generations",
        sa.Column("scope", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("generation", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_page_generations")),
    )


def downgrade():
    op.drop_table("page_generations")
