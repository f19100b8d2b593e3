"""Municipality settings: a description (Markdown and its rendered HTML), a contact address and a
logo (the name of its file under UPLOAD_FOLDER, which is its content's hash).

Plain ADD/DROP COLUMN, no batch copy of the table: municipalities is the parent of nearly every
table, and SQLite recreating it would cascade. SQLite takes the description's CHECK with the
column itself.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

CHECK_NAME = "ck_municipalities_description_length"
CHECK = "length(description) BETWEEN 0 AND 10000"


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE municipalities ADD COLUMN description TEXT NOT NULL DEFAULT '' "
            f"CONSTRAINT {CHECK_NAME} CHECK ({CHECK})"
        )
    else:
        op.add_column(
            "municipalities",
            sa.Column("description", sa.Text(), nullable=False, server_default=""),
        )
        op.create_check_constraint(op.f(CHECK_NAME), "municipalities", CHECK)
    op.add_column(
        "municipalities",
        sa.Column("description_html", sa.Text(), nullable=False, server_default=""),
    )
    op.add_column("municipalities", sa.Column("contact_email", sa.String(254), nullable=True))
    op.add_column(
        "municipalities",
        sa.Column("contact_text", sa.String(300), nullable=False, server_default=""),
    )
    op.add_column("municipalities", sa.Column("logo", sa.String(80), nullable=True))


def downgrade():
    for column in ("logo", "contact_text", "contact_email", "description_html"):
        op.drop_column("municipalities", column)
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f(CHECK_NAME), "municipalities", type_="check")
    op.drop_column("municipalities", "description")
