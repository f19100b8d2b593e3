"""Helper for enum columns: stored as short strings with a CHECK constraint on every backend."""

import enum

from sqlalchemy import Enum


def enum_column(cls: type[enum.Enum], name: str, length: int = 20) -> Enum:
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=length,
        values_callable=lambda members: [m.value for m in members],
    )
