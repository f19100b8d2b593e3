"""Loading the fixed reference data; used by the data migration and by test set-up."""

from sqlalchemy import Connection, Table, insert, select

from .data import GOALS, PRINCIPLES, TARGET_IMAGES


def load_reference_data(
    connection: Connection, principles: Table, target_images: Table, goals: Table
) -> None:
    """Insert principles, målbilder and SDGs that are not there yet (idempotent)."""
    for table, rows in ((principles, PRINCIPLES), (target_images, TARGET_IMAGES), (goals, GOALS)):
        present = set(connection.execute(select(table.c.number)).scalars())
        missing = [row for row in rows if row["number"] not in present]
        if missing:
            connection.execute(insert(table), missing)
