"""The public open-data package: anonymised CSVs with a Frictionless datapackage.json (NLOD 2.0).

Only what the public pages show goes in: public challenges, published ideas without authors,
and the public answers. No e-mail, no names, no hidden content, no demographics.
"""

import io
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import CompoundSelect, Select, case, func, literal, select, union_all

from ..cases.models import Department
from ..challenges.models import Challenge, challenge_principles
from ..challenges.queries import PUBLIC_PHASES
from ..comparison.opendata import comparison_fields, comparison_rows
from ..database import utcnow
from ..extensions import db
from ..gallery.opendata import GALLERY_RESOURCES
from ..hearings.models import Hearing, Statement
from ..ideas.models import Idea, Visibility
from ..municipalities.models import District, Municipality
from ..pipeline.models import StageChange
from ..places.models import ChallengePlaceSettings, IdeaPlace
from ..places.queries import geojson, public_places
from ..proposals.opendata import PROPOSAL_RESOURCES
from ..reference.models import Principle
from ..results.models import Result, ResultInput, ResultStatement
from .datasets import STAGE_CHANGE_COLUMNS, export_value
from .opendata_budgeting import budget_resources
from .writers import CsvWriter, file_chunks

LICENCE = {
    "name": "NLOD-2.0",
    "title": "Norsk lisens for offentlige data (NLOD) 2.0",
    "path": "https://data.norge.no/nlod/no/2.0",
}
STAGES = ["heard", "assessed", "decided", "piloting", "done", "scaled", "declined"]


# The CSV writer's formula rule (writers.CsvWriter), stated on every free-text field.
TEXT_RULE = (
    "Tekst som begynner med likhetstegn, pluss, minus, krøllalfa, tabulator eller vognretur "
    "(også etter apostrofer) har fått én apostrof (') foran, så regneark ikke kjører den som "
    "formel. Fjern den ene apostrofen for å få originalteksten."
)


def _field(name: str, type_: str, description: str, **extra: Any) -> dict[str, Any]:
    """A table-schema field; free text (strings without an enum) also states the formula rule."""
    if type_ == "string" and "enum" not in extra.get("constraints", {}):
        description = f"{description}. {TEXT_RULE}"
    return {"name": name, "type": type_, "description": description, **extra}


def _challenges(m: Municipality) -> Select:
    return (
        select(
            Challenge.id,
            Challenge.title,
            Challenge.phase,
            Challenge.level,
            Challenge.published_at,
            Challenge.concluded_at,
        )
        .where(Challenge.municipality_id == m.id, Challenge.phase.in_(PUBLIC_PHASES))
        .order_by(Challenge.id)
    )


def _public_ideas(m: Municipality) -> Select:
    return (
        select(
            Idea.id,
            Idea.challenge_id,
            Idea.title,
            Idea.body,
            Idea.channel,
            Idea.stage,
            District.name,
            Idea.support_count,
            Idea.workshop_vote_count,
            Idea.comment_count,
            Idea.created_at,
            Idea.first_answered_at,
        )
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .outerjoin(District, District.id == Idea.district_id)
        .where(
            Challenge.municipality_id == m.id,
            Challenge.phase.in_(PUBLIC_PHASES),
            Idea.visibility == Visibility.published,
        )
        .order_by(Idea.id)
    )


def _history(m: Municipality) -> Select:
    public_ids = _public_ideas(m).with_only_columns(Idea.id).order_by(None)
    return (
        select(*STAGE_CHANGE_COLUMNS)
        .where(StageChange.idea_id.in_(public_ids))
        .order_by(StageChange.id)
    )


def _principles(m: Municipality) -> Select:
    return (
        select(challenge_principles.c.challenge_id, Principle.number)
        .join(Challenge, Challenge.id == challenge_principles.c.challenge_id)
        .join(Principle, Principle.id == challenge_principles.c.principle_id)
        .where(Challenge.municipality_id == m.id, Challenge.phase.in_(PUBLIC_PHASES))
        .order_by(challenge_principles.c.challenge_id, Principle.number)
    )


RESOURCES: list[tuple[str, str, Any, list[dict[str, Any]], list[str], list[dict]]] = [
    (
        "challenges",
        "Offentlige utfordringer",
        _challenges,
        [
            _field("id", "integer", "Utfordringens id"),
            _field("title", "string", "Tittel"),
            _field(
                "phase", "string", "Fase", constraints={"enum": ["open", "assessing", "concluded"]}
            ),
            _field("participation_level", "string", "IAP2-nivå (hva innspill kan endre)"),
            _field("published_at", "datetime", "Publisert (UTC)"),
            _field("concluded_at", "datetime", "Avsluttet (UTC)"),
        ],
        ["id"],
        [],
    ),
    (
        "challenge_principles",
        "Prinsipper fra veikartet per utfordring",
        _principles,
        [
            _field("challenge_id", "integer", "Utfordringens id"),
            _field(
                "principle",
                "integer",
                "Prinsippnummer 1–8 i Nasjonalt veikart (2019)",
                constraints={"minimum": 1, "maximum": 8},
            ),
        ],
        ["challenge_id", "principle"],
        [{"fields": ["challenge_id"], "reference": {"resource": "challenges", "fields": ["id"]}}],
    ),
    (
        "ideas",
        "Publiserte innspill (uten avsender)",
        _public_ideas,
        [
            _field("id", "integer", "Innspillets id"),
            _field("challenge_id", "integer", "Utfordringens id"),
            _field("title", "string", "Tittel"),
            _field("body", "string", "Tekst"),
            _field(
                "channel",
                "string",
                "Kanal",
                constraints={"enum": ["web", "workshop", "registered"]},
            ),
            _field("stage", "string", "Steg fra hørt til gjort", constraints={"enum": STAGES}),
            _field("district", "string", "Bydel eller område"),
            _field("supports", "integer", "Støtter på nett"),
            _field("workshop_votes", "integer", "Stemmer i verksted (telt for seg)"),
            _field("comments", "integer", "Kommentarer"),
            _field("created_at", "datetime", "Sendt inn (UTC)"),
            _field("first_answered_at", "datetime", "Første offentlige svar (UTC)"),
        ],
        ["id"],
        [{"fields": ["challenge_id"], "reference": {"resource": "challenges", "fields": ["id"]}}],
    ),
    (
        "stage_history",
        "Offentlige svar og stegendringer",
        _history,
        [
            _field("id", "integer", "Id"),
            _field("idea_id", "integer", "Innspillets id"),
            _field("from_stage", "string", "Fra steg", constraints={"enum": STAGES}),
            _field("to_stage", "string", "Til steg", constraints={"enum": STAGES}),
            _field("answer", "string", "Offentlig svar"),
            _field("reference", "string", "Referanse (saksnummer, plan, lenke)"),
            _field("answered_by_role", "string", "Rolle til den som svarte"),
            _field("unit", "string", "Enhet som svarte"),
            _field("created_at", "datetime", "Tidspunkt (UTC)"),
            _field(
                "kind",
                "string",
                "Slag: move (nytt steg), correction (rettet svar som erstatter det forrige), "
                "progress (oppdatering om arbeidet, ikke et svar)",
                constraints={"enum": ["move", "correction", "progress"]},
            ),
        ],
        ["id"],
        [{"fields": ["idea_id"], "reference": {"resource": "ideas", "fields": ["id"]}}],
    ),
]


# Results (tiltak) and what they answer: public challenges' results, and their links to public
# inputs and published hearing statements.
RESULT_STATUSES = ["planned", "under_way", "done", "stopped"]


def _results(m: Municipality) -> Select:
    return (
        select(
            Result.id,
            Result.challenge_id,
            Result.title,
            Result.description,
            Department.name,
            Result.cost_estimate,
            Result.actual_cost,
            Result.decision_reference,
            Result.progress,
            Result.status,
            Result.stop_reason,
            Result.created_at,
            Result.done_at,
        )
        .join(Challenge, Challenge.id == Result.challenge_id)
        .outerjoin(Department, Department.id == Result.department_id)
        .where(Challenge.municipality_id == m.id, Challenge.phase.in_(PUBLIC_PHASES))
        .order_by(Result.id)
    )


def _result_links(m: Municipality) -> CompoundSelect:
    public_results = _results(m).with_only_columns(Result.id).order_by(None)
    public_ideas = _public_ideas(m).with_only_columns(Idea.id).order_by(None)
    public_statements = (
        select(Statement.id)
        .join(Hearing, Hearing.id == Statement.hearing_id)
        .where(
            Hearing.municipality_id == m.id,
            Hearing.opened_at.is_not(None),
            Statement.visibility == Visibility.published,
        )
    )
    ideas = select(
        ResultInput.result_id.label("result_id"),
        literal("idea").label("kind"),
        ResultInput.idea_id.label("target_id"),
    ).where(ResultInput.result_id.in_(public_results), ResultInput.idea_id.in_(public_ideas))
    statements = select(
        ResultStatement.result_id.label("result_id"),
        literal("statement").label("kind"),
        ResultStatement.statement_id.label("target_id"),
    ).where(
        ResultStatement.result_id.in_(public_results),
        ResultStatement.statement_id.in_(public_statements),
    )
    return union_all(ideas, statements).order_by("result_id", "kind", "target_id")


RESOURCES += [
    (
        "results",
        "Resultater (tiltak) med fremdrift, kostnader og vedtak",
        _results,
        [
            _field("id", "integer", "Resultatets id"),
            _field("challenge_id", "integer", "Utfordringens id"),
            _field("title", "string", "Tittel"),
            _field("description", "string", "Beskrivelse (Markdown)"),
            _field("department", "string", "Ansvarlig enhet"),
            _field(
                "cost_estimate",
                "integer",
                "Kostnadsoverslag i hele kroner",
                constraints={"minimum": 0},
            ),
            _field(
                "actual_cost",
                "integer",
                "Faktisk kostnad i hele kroner",
                constraints={"minimum": 0},
            ),
            _field("decision_reference", "string", "Vedtakets saksnummer"),
            _field(
                "progress",
                "integer",
                "Fremdrift i prosent",
                constraints={"minimum": 0, "maximum": 100},
            ),
            _field("status", "string", "Status", constraints={"enum": RESULT_STATUSES}),
            _field("stop_reason", "string", "Hvorfor tiltaket er stanset"),
            _field("created_at", "datetime", "Opprettet (UTC)"),
            _field("done_at", "datetime", "Gjennomført (UTC)"),
        ],
        ["id"],
        [{"fields": ["challenge_id"], "reference": {"resource": "challenges", "fields": ["id"]}}],
    ),
    (
        "result_links",
        "Innspill og høringsuttalelser hvert resultat svarer på",
        _result_links,
        [
            _field("result_id", "integer", "Resultatets id"),
            _field(
                "kind",
                "string",
                "Slag: idea (innspill, se ideas) eller statement (høringsuttalelse)",
                constraints={"enum": ["idea", "statement"]},
            ),
            _field("target_id", "integer", "Innspillets eller høringsuttalelsens id"),
        ],
        ["result_id", "kind", "target_id"],
        [{"fields": ["result_id"], "reference": {"resource": "results", "fields": ["id"]}}],
    ),
]


# Ideas' points (issue 22 §4), rounded as each challenge says: round(x · 10^d) / 10^d, which
# SQLite and PostgreSQL compute alike for floating-point columns. Also as idea_places.geojson.
def _rounded(column: Any) -> Any:
    decimals = ChallengePlaceSettings.decimals
    factor = case(*((decimals == d, 10.0**d) for d in range(2, 6)), else_=None)
    return case((decimals.is_(None), column), else_=func.round(column * factor) / factor)


def _places(m: Municipality) -> Select:
    public_ids = _public_ideas(m).with_only_columns(Idea.id).order_by(None)
    return (
        select(
            IdeaPlace.idea_id,
            _rounded(IdeaPlace.lat),
            _rounded(IdeaPlace.lon),
            IdeaPlace.place_text,
        )
        .join(Idea, Idea.id == IdeaPlace.idea_id)
        .outerjoin(ChallengePlaceSettings, ChallengePlaceSettings.challenge_id == Idea.challenge_id)
        .where(IdeaPlace.idea_id.in_(public_ids))
        .order_by(IdeaPlace.idea_id)
    )


RESOURCES.append(
    (
        "idea_places",
        "Hvor innspillene gjelder (punkt og stedsnavn)",
        _places,
        [
            _field("idea_id", "integer", "Innspillets id"),
            _field(
                "latitude",
                "number",
                "Breddegrad (WGS 84), avrundet for personvern der utfordringen sier det",
                constraints={"minimum": -90, "maximum": 90},
            ),
            _field(
                "longitude",
                "number",
                "Lengdegrad (WGS 84), avrundet for personvern der utfordringen sier det",
                constraints={"minimum": -180, "maximum": 180},
            ),
            _field("place", "string", "Adresse eller stedsnavn innsenderen skrev"),
        ],
        ["idea_id"],
        [{"fields": ["idea_id"], "reference": {"resource": "ideas", "fields": ["id"]}}],
    )
)
GEOJSON = {
    "name": "idea_places_geojson",
    "title": "Innspill med punkt som GeoJSON FeatureCollection (samme avrunding)",
    "path": "idea_places.geojson",
    "format": "geojson",
    "mediatype": "application/geo+json",
    "encoding": "utf-8",
}
# Innbyggerforslag (proposals/opendata.py): never signers or contact addresses; the initiators'
# names only with their consent.
RESOURCES += PROPOSAL_RESOURCES
# Gjort i kommunene (gallery/opendata.py): the entries and the adoptions, no counts of persons.
RESOURCES += GALLERY_RESOURCES


def _cell(value: Any) -> Any:
    """As in the exports, but an empty cell for None and UTC "Z" times, as Frictionless reads."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds").replace("+00:00", "Z")
    return export_value(value)


def descriptor(municipality: Municipality) -> dict[str, Any]:
    resources = []
    for name, title, _query, fields, key, foreign in RESOURCES:
        schema: dict[str, Any] = {"fields": fields, "primaryKey": key}
        if foreign:
            schema["foreignKeys"] = foreign
        resources.append(
            {
                "name": name,
                "title": title,
                "path": f"{name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    return {
        "name": f"samskap-{municipality.slug}",
        "title": f"Samskap: innbyggerinnspill og svar – {municipality.name}",
        "description": "Anonymiserte data om utfordringer, innspill og kommunens offentlige svar "
        "fra hørt til gjort. Ingen personopplysninger. Tekstfelt som ville startet en formel i et "
        "regneark har én apostrof (') foran; se feltenes beskrivelse.",
        "licenses": [LICENCE],
        "created": utcnow().isoformat(timespec="seconds").replace("+00:00", "Z"),
        "resources": [*resources, GEOJSON],
    }


def datapackage_zip(municipality: Municipality) -> Iterator[bytes]:
    """Build the zip in a temporary file (rows streamed from the database), then stream it."""
    handle, path = tempfile.mkstemp(suffix=".zip", prefix="samskap-opendata-")
    os.close(handle)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "datapackage.json", json.dumps(descriptor(municipality), ensure_ascii=False, indent=2)
        )
        for name, _title, query, fields, _key, _foreign in RESOURCES:
            with (
                archive.open(f"{name}.csv", "w") as raw,
                io.TextIOWrapper(raw, encoding="utf-8", newline="") as text,
            ):
                writer = CsvWriter(text)
                writer.writerow([f["name"] for f in fields])
                rows = query(municipality)
                # A query streams from the database; rows worked out in Python come as they are.
                if isinstance(rows, Select | CompoundSelect):
                    rows = db.session.execute(rows.execution_options(yield_per=2000))
                for row in rows:
                    writer.writerow([_cell(v) for v in row])
        places = geojson(public_places(municipality_id=municipality.id), municipality.slug)
        archive.writestr(GEOJSON["path"], json.dumps(places, ensure_ascii=False))
    return file_chunks(path)


# Participatory budgeting (issue 22 §2): the ballots in aggregate per project, never per person.
RESOURCES += budget_resources(_field, _public_ideas)

# The comparison between municipalities (issue 25 §4): the headline measures per year, as the
# comparison page shows them (empty where it shows none); no rows when the municipality does not
# share.
RESOURCES.append(
    (
        "comparison",
        "Nøkkeltall per år til sammenligning mellom kommuner (bare kommuner som deler)",
        comparison_rows,
        comparison_fields(_field),
        ["municipality_number", "year"],
        [],
    )
)
