"""Reference data: the roadmap's 8 principles and 6 målbilder, and the UN's 17 SDGs.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from cocreate.reference.data import GOALS, PRINCIPLES, TARGET_IMAGES
from cocreate.reference.services import load_reference_data

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None



def _columns(*names: str) -> list:
    return [sa.column(name) for name in ("id", "number", "name_nb", "name_nn", "name_en", *names)]


_described = ("slug", "description_nb", "description_nn", "description_en")
principles = sa.table("principles", *_columns(*_described, "colour", "icon"))
target_images = sa.table("target_images", *_columns(*_described))
goals = sa.table("goals", *_columns("colour"))


def upgrade():
    load_reference_data(op.get_bind(), principles, target_images, goals)


def downgrade():
    bind = op.get_bind()
    for table, rows in ((principles, PRINCIPLES), (target_images, TARGET_IMAGES), (goals, GOALS)):
        numbers = [row["number"] for row in rows]
        bind.execute(sa.delete(table).where(table.c.number.in_(numbers)))
