"""Length limits of free text: one constant per field, used by the form, the service, the
database CHECK and the message the person reads, so none of them can drift from the others."""

from dataclasses import dataclass
from typing import Any

from flask_babel import LazyString
from sqlalchemy import CheckConstraint
from wtforms.validators import Length


@dataclass(frozen=True)
class TextLimit:
    """At most `max` characters (and at least `min`); `message` may use %(max)d, %(min)d and
    %(length)d."""

    max: int
    message: LazyString
    min: int = 0

    def validator(self) -> Length:
        """The form's check."""
        return Length(min=self.min or -1, max=self.max, message=self.message)

    def check(self, column: str, name: str, *, upper: bool = True) -> CheckConstraint:
        """The database's check. `upper=False` checks the minimum only (for a column whose
        maximum its type holds, or an older CHECK kept as it was migrated)."""
        if not upper:
            return CheckConstraint(f"length({column}) >= {self.min}", name=name)
        return CheckConstraint(f"length({column}) BETWEEN {self.min} AND {self.max}", name=name)

    def enforce(self, text: str, error: type[Exception]) -> str:
        """The service's check: the text, or `error` with the same message as the form's."""
        if not self.min <= len(text) <= self.max:
            raise error(self.explain(text))
        return text

    def explain(self, text: str) -> str:
        values: dict[str, Any] = {"max": self.max, "min": self.min, "length": len(text)}
        return str(self.message) % values
