"""The measures table as an export dataset (every measure, for admins)."""

from collections.abc import Iterator

from ..metrics.dashboard import measures_table
from ..metrics.scope import Scope
from ..metrics.snapshots import dashboard_figures
from ..municipalities.models import Municipality
from .datasets import Dataset, register_dataset


def _measure_rows(municipality: Municipality) -> Iterator[tuple]:
    for row in measures_table(dashboard_figures(Scope(municipality_id=municipality.id))):
        yield (row["measure"], row["value"], row["numerator"], row["denominator"])


register_dataset(
    Dataset(
        "measures", ("measure", "value", "numerator", "denominator"), None, produce=_measure_rows
    )
)
