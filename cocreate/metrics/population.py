"""Reference population: read it, and import it from SSB table 07459 or a district file.

Both importers read the whole file first and change nothing unless every line is good
(all-or-nothing); every error names its line. Accepted formats: docs/metrics.md.
"""

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from ..accounts.models import AgeBand, Gender
from ..audit.services import record_event
from ..extensions import db
from ..municipalities.models import Municipality
from ..page_generations import changed
from ..refusals import Refusal
from .models import Dimension, PopulationReference

MAX_ERRORS = 20
KINDS = ("ssb07459", "district")
SEX_VALUES = {
    "menn": Gender.mann,
    "mann": Gender.mann,
    "1 menn": Gender.mann,
    "kvinner": Gender.kvinne,
    "kvinne": Gender.kvinne,
    "2 kvinner": Gender.kvinne,
    "begge kjønn": None,
    "0 begge kjønn": None,
}
MISSING_VALUE = "-"  # SSB's "nothing to report" (zero)


class PopulationImportError(Refusal):
    """The file could not be read; `errors` lists each problem with its line number."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ParsedReference:
    year: int
    source: str
    groups: dict[Dimension, dict[str, int]] = field(default_factory=dict)


def reference_for(municipality_id: int, dimension: Dimension) -> dict[str, int]:
    """The reference population of each group in one dimension."""
    rows = db.session.execute(
        select(PopulationReference.group, PopulationReference.population).where(
            PopulationReference.municipality_id == municipality_id,
            PopulationReference.dimension == dimension,
        )
    )
    return {group: int(population) for group, population in rows}


def eligible_population(municipality_id: int) -> int | None:
    """People in the eligible ages: the age bands of the reference summed (None without one)."""
    total = db.session.scalar(
        select(func.sum(PopulationReference.population)).where(
            PopulationReference.municipality_id == municipality_id,
            PopulationReference.dimension == Dimension.age_band,
        )
    )
    return int(total) if total is not None else None


def reference_rows(municipality_id: int) -> list[PopulationReference]:
    """Every reference row of a municipality, by dimension and group (for the admin page)."""
    return list(
        db.session.scalars(
            select(PopulationReference)
            .where(PopulationReference.municipality_id == municipality_id)
            .order_by(PopulationReference.dimension, PopulationReference.group)
        )
    )


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as older SSB downloads use."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_file(
    data: bytes, kind: str, municipality: Municipality, filename: str
) -> ParsedReference:
    """Parse an uploaded file of the given kind; raises PopulationImportError."""
    text = decode(data)
    if not text.strip():
        raise PopulationImportError([_("Fila er tom.")])
    if kind == "ssb07459":
        return parse_ssb07459(text, municipality, filename)
    if kind == "district":
        return parse_districts(text, municipality, filename)
    raise PopulationImportError([_("Ukjent filtype «%(kind)s».", kind=kind)])


def _header_index(header: list[str], *names: str) -> int | None:
    lowered = [h.strip().lower() for h in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def _integer(raw: str) -> int | None:
    value = raw.strip().replace(" ", "").replace("\u00a0", "")
    if value == MISSING_VALUE:
        return 0
    return int(value) if value.isdecimal() else None


def _band(age: int) -> AgeBand | None:
    for band in AgeBand:
        low, high = band.bounds
        if low <= age <= high:
            return band
    return None


def parse_ssb07459(text: str, municipality: Municipality, filename: str) -> ParsedReference:
    """SSB 07459: region; kjønn; alder; [statistikkvariabel]; year columns (or år + value)."""
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    line_of = _line_numbers(text)
    start = next(
        (i for i, row in enumerate(rows) if row and row[0].strip().lower() == "region"), None
    )
    if start is None:
        raise PopulationImportError(
            [_("Fant ikke overskriftslinjen («region»;«kjønn»;«alder»;…) i fila.")]
        )
    header = rows[start]
    header_line = line_of[start]
    sex_col = _header_index(header, "kjønn", "kjonn")
    age_col = _header_index(header, "alder")
    year_col = _header_index(header, "år", "tid")
    if sex_col is None or age_col is None:
        raise PopulationImportError(
            [_("Linje %(n)s: overskriften må ha kolonnene «kjønn» og «alder».", n=header_line)]
        )
    value_cols = _value_columns(header, year_col)
    if not value_cols:
        raise PopulationImportError(
            [_("Linje %(n)s: fant ingen kolonne med et årstall (f.eks. «2024»).", n=header_line)]
        )
    errors: list[str] = []
    cells: dict[tuple[int, Gender | None, int], int] = {}
    seen: dict[tuple[int, Gender | None, int], int] = {}
    years: set[int] = set()
    for index in range(start + 1, len(rows)):
        row, line = rows[index], line_of[index]
        if not any(cell.strip() for cell in row):
            continue
        if len(errors) >= MAX_ERRORS:
            break
        problem = _ssb_row(row, line, header, municipality, sex_col, age_col, year_col, value_cols)
        if isinstance(problem, str):
            errors.append(problem)
            continue
        for year, sex, age, value in problem:
            key = (year, sex, age)
            if key in seen:
                errors.append(
                    _(
                        "Linje %(n)s: alder %(age)s for samme kjønn og år står også på linje "
                        "%(m)s.",
                        n=line,
                        age=age,
                        m=seen[key],
                    )
                )
                continue
            seen[key] = line
            cells[key] = value
            years.add(year)
    if not errors and not cells:
        errors.append(_("Fila har ingen tallinjer under overskriften."))
    if errors:
        raise PopulationImportError(errors)
    year = max(years)
    return _ssb_groups(cells, year, filename)


def _line_numbers(text: str) -> list[int]:
    """The physical line each csv record starts on (quoted fields may hold line breaks)."""
    reader = csv.reader(io.StringIO(text), delimiter=";")
    starts, previous_end = [], 0
    for _row in reader:
        starts.append(previous_end + 1)
        previous_end = reader.line_num
    return starts


def _value_columns(header: list[str], year_col: int | None) -> dict[int, int | None]:
    """Column index → year it holds (None: the year is in the «år» column)."""
    known = {"region", "kjønn", "kjonn", "alder", "statistikkvariabel", "år", "tid", "statistikk"}
    columns: dict[int, int | None] = {}
    for i, name in enumerate(header):
        clean = name.strip().lower()
        if clean in known or i == year_col:
            continue
        match = re.search(r"(\d{4})\s*$", clean)
        if year_col is None and match:
            columns[i] = int(match.group(1))
        elif year_col is not None and clean:
            columns[i] = None
    if year_col is not None and len(columns) > 1:
        return {}
    return columns


def _ssb_row(
    row: list[str],
    line: int,
    header: list[str],
    municipality: Municipality,
    sex_col: int,
    age_col: int,
    year_col: int | None,
    value_cols: dict[int, int | None],
) -> str | list[tuple[int, Gender | None, int, int]]:
    """One data line → (year, sex, age, persons) cells, or an error message."""
    if len(row) < len(header):
        return _(
            "Linje %(n)s: har %(got)s kolonner, ventet %(want)s.",
            n=line,
            got=len(row),
            want=len(header),
        )
    region = row[0].strip()
    match = re.match(r"^(?:K-|F-)?(\d{2,4})\b", region)
    if not match or match.group(1) != municipality.number:
        return _(
            "Linje %(n)s: regionen «%(region)s» er ikke %(name)s (%(number)s).",
            n=line,
            region=region,
            name=municipality.name,
            number=municipality.number,
        )
    sex_raw = row[sex_col].strip()
    if sex_raw.lower() not in SEX_VALUES:
        return _(
            "Linje %(n)s: ukjent kjønn «%(value)s» (ventet Menn eller Kvinner).",
            n=line,
            value=sex_raw,
        )
    sex = SEX_VALUES[sex_raw.lower()]
    age_match = re.match(r"^(\d{1,3})\s*(år)?", row[age_col].strip())
    if not age_match:
        return _(
            "Linje %(n)s: alderen «%(value)s» er ikke ettårig alder (f.eks. «013 år»).",
            n=line,
            value=row[age_col].strip(),
        )
    age = int(age_match.group(1))
    cells = []
    for col, column_year in value_cols.items():
        year = column_year
        if year is None:
            year_raw = row[year_col].strip() if year_col is not None else ""
            if not (year_raw.isdecimal() and len(year_raw) == 4):
                return _(
                    "Linje %(n)s: året «%(value)s» er ikke et årstall.", n=line, value=year_raw
                )
            year = int(year_raw)
        value = _integer(row[col])
        if value is None:
            return _(
                "Linje %(n)s: antallet «%(value)s» er ikke et helt tall.",
                n=line,
                value=row[col].strip(),
            )
        cells.append((year, sex, age, value))
    return cells


def _ssb_groups(
    cells: dict[tuple[int, Gender | None, int], int], year: int, filename: str
) -> ParsedReference:
    """Sum one-year ages of the latest year into age bands and, where given, sexes."""
    by_sex = any(sex is not None for (y, sex, _age) in cells if y == year)
    ages: dict[str, int] = defaultdict(int)
    sexes: dict[str, int] = defaultdict(int)
    for (y, sex, age), value in cells.items():
        band = _band(age)
        if y != year or band is None or (sex is None) == by_sex:
            continue
        ages[band.value] += value
        if sex is not None:
            sexes[sex.value] += value
    parsed = ParsedReference(year, _("SSB tabell 07459 (%(file)s)", file=filename))
    parsed.groups[Dimension.age_band] = {band.value: ages.get(band.value, 0) for band in AgeBand}
    if by_sex:
        parsed.groups[Dimension.gender] = dict(sexes)
    return parsed


def parse_districts(text: str, municipality: Municipality, filename: str) -> ParsedReference:
    """A district file: district, population, population_year and optionally kommunenummer."""
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader)
    name_col = _header_index(header, "district", "bydel", "navn")
    pop_col = _header_index(header, "population", "befolkning", "folketall")
    year_col = _header_index(header, "population_year", "year", "år")
    number_col = _header_index(header, "kommunenummer", "kommunenr")
    if name_col is None or pop_col is None or year_col is None:
        raise PopulationImportError(
            [_("Linje 1: overskriften må ha kolonnene district, population og population_year.")]
        )
    errors: list[str] = []
    groups: dict[str, int] = {}
    years: set[int] = set()
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row) or len(errors) >= MAX_ERRORS:
            continue
        if len(row) < len(header):
            errors.append(_("Linje %(n)s: har for få kolonner.", n=line))
            continue
        if number_col is not None and row[number_col].strip() != municipality.number:
            continue  # a file for several municipalities: keep this one's lines
        name = row[name_col].strip()
        population = _integer(row[pop_col])
        year = row[year_col].strip()
        if not name or len(name) > 80:
            errors.append(_("Linje %(n)s: bydelen mangler navn (høyst 80 tegn).", n=line))
        elif population is None:
            errors.append(
                _(
                    "Linje %(n)s: antallet «%(value)s» er ikke et helt tall.",
                    n=line,
                    value=row[pop_col].strip(),
                )
            )
        elif not (year.isdecimal() and len(year) == 4):
            errors.append(
                _("Linje %(n)s: året «%(value)s» er ikke et årstall.", n=line, value=year)
            )
        elif name in groups:
            errors.append(_("Linje %(n)s: bydelen «%(name)s» står to ganger.", n=line, name=name))
        else:
            groups[name] = population
            years.add(int(year))
    if not errors and not groups:
        errors.append(
            _("Fila har ingen linjer for kommunenummer %(number)s.", number=municipality.number)
        )
    if errors:
        raise PopulationImportError(errors)
    parsed = ParsedReference(max(years), _("Bydelsfil (%(file)s)", file=filename))
    parsed.groups[Dimension.district] = groups
    return parsed


def import_reference(
    municipality: Municipality,
    parsed: ParsedReference,
    *,
    actor: Any = None,
    is_demo: bool = False,
) -> int:
    """Replace the municipality's reference in the parsed dimensions; returns rows written."""
    written = 0
    for dimension, groups in parsed.groups.items():
        db.session.execute(
            delete(PopulationReference).where(
                PopulationReference.municipality_id == municipality.id,
                PopulationReference.dimension == dimension,
            )
        )
        for group, population in groups.items():
            db.session.add(
                PopulationReference(
                    municipality_id=municipality.id,
                    dimension=dimension,
                    group=group,
                    population=population,
                    year=parsed.year,
                    source=parsed.source[:200],
                    is_demo=is_demo,
                )
            )
            written += 1
    db.session.flush()
    changed(municipality.id)  # reach and representativeness use the reference
    record_event(
        "metrics.population_imported",
        actor=actor,
        municipality=municipality,
        source=parsed.source,
        year=parsed.year,
        dimensions=sorted(d.value for d in parsed.groups),
    )
    return written
