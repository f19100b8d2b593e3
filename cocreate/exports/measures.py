"""The measures table as an export dataset (every measure, for admins).

The figures are the dashboard's for the same scope (snapshots.dashboard_figures), as published:
counts of persons rounded and hidden as on the page (metrics/disclosure.py), so an export shows
exactly what the dashboard shows. Its last two rows state the rounding and what a hidden (empty)
count may be.
"""

from collections.abc import Iterator
from typing import Any

from ..metrics.dashboard import measures_table
from ..metrics.disclosure import BASE, HIDDEN
from ..metrics.scope import Scope
from ..metrics.snapshots import dashboard_figures
from ..municipalities.models import Municipality
from .datasets import Dataset, register_dataset


def _group_rows(data: dict[str, Any]) -> Iterator[tuple]:
    """Each demographic group (consented profiles) as «representativeness:<dimension>:<group>»:
    the participants' share p (value), the participants in the group (numerator) and those who
    answered (denominator), as published; empty where the page shows «–»."""
    for dimension in data["representativeness"]["web"]["dimensions"]:
        hidden = dimension["suppressed"]
        for group in dimension["groups"]:
            yield (
                f"representativeness:{dimension['dimension']}:{group['group']}",
                None if hidden else group["p"],
                None if hidden else group["participants"],
                None if hidden else dimension["respondents"],
            )


def _measure_rows(municipality: Municipality, scope: Scope) -> Iterator[tuple]:
    data = dashboard_figures(scope)
    for row in measures_table(data):
        yield (row["measure"], row["value"], row["numerator"], row["denominator"])
    yield from _group_rows(data)
    yield ("rounding_base", BASE, None, None)
    yield ("hidden", HIDDEN, None, None)


register_dataset(
    Dataset(
        "measures",
        ("measure", "value", "numerator", "denominator"),
        None,
        produce=_measure_rows,
        headers_nb=("Mål", "Verdi", "Teller", "Nevner"),
    )
)
