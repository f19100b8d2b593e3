"""The open-data package's comparison indicators (exports/opendata.py adds them): one row per
year of the municipality's inputs, with the headline measures the comparison page shows, or empty
cells where the page shows none. No rows at all when the municipality does not share."""

from collections.abc import Iterator
from typing import Any

from ..municipalities.models import Municipality
from .figures import BANDS, INDICATORS, UNKNOWN_BAND, comparison, municipality_years

SUPPRESSED = (
    "Tom: ingen tall (færre enn 5 deltakere det året, eller skjult for at en liten gruppe ikke "
    "skal kunne regnes ut)"
)
SHARE = {"minimum": 0, "maximum": 1}


def comparison_rows(municipality: Municipality) -> Iterator[tuple[Any, ...]]:
    """The municipality's rows, oldest year first (none if it does not share)."""
    if not municipality.shares_with_others:
        return
    for year in municipality_years(municipality.id):
        row = next(r for r in comparison(year) if r.municipality_id == municipality.id)
        values = [row.value(indicator) for indicator in INDICATORS]
        yield (row.number, row.name, year, row.population, row.band, *values)


def comparison_fields(field: Any) -> list[dict[str, Any]]:
    """The resource's fields, described with the package's own field helper."""
    return [
        field(
            "municipality_number",
            "string",
            "Kommunenummer",
            constraints={"pattern": "[0-9]{2}([0-9]{2})?"},
        ),
        field("municipality", "string", "Kommunens navn"),
        field("year", "integer", "Kalenderår (UTC) innspillene ble sendt inn"),
        field("population", "integer", "Folketall (tom: ukjent)", constraints={"minimum": 0}),
        field(
            "size_band",
            "string",
            "Størrelse etter folketall",
            constraints={"enum": [key for key, _low, _high in BANDS] + [UNKNOWN_BAND]},
        ),
        field(
            "closure",
            "number",
            f"Tilbakemelding: innspill eldre enn 30 dager med offentlig svar ÷ innspill eldre "
            f"enn 30 dager (0–1, tre desimaler). {SUPPRESSED}",
            constraints=SHARE,
        ),
        field(
            "median_days",
            "number",
            f"Median dager fra innspill til første offentlige svar (én desimal). {SUPPRESSED}",
            constraints={"minimum": 0},
        ),
        field(
            "yield",
            "number",
            f"Andel gjennomført: innspill som nådde gjort eller skalert ÷ innspill (0–1). "
            f"{SUPPRESSED}",
            constraints=SHARE,
        ),
        field(
            "promise_kept",
            "number",
            f"Løfte holdt: avsluttede utfordringer (avsluttet det året) som holdt løftet sitt "
            f"÷ avsluttede utfordringer (0–1). {SUPPRESSED}",
            constraints=SHARE,
        ),
        field(
            "representativeness",
            "number",
            f"Laveste representativitet over dimensjonene, R = 1 − ½ Σ|p − q| (0–1). {SUPPRESSED}",
            constraints=SHARE,
        ),
        field(
            "stalled",
            "number",
            f"Står stille: innspill i hørt, vurdert, besluttet eller utprøves uten endring på "
            f"90 dager ÷ innspill i de stegene (0–1). {SUPPRESSED}",
            constraints=SHARE,
        ),
    ]
