"""The open-data package's gallery (exports/opendata.py adds it): the municipality's entries in
Gjort i kommunene (none while it does not share), and the adoptions it gave or took. Counts of
persons are left out here (they are rounded on the pages and in the API); an adoption is a
municipality's act, not a person's."""

from typing import Any

from sqlalchemy import Integer, Select, and_, case, func, literal, null, or_, select, union_all
from sqlalchemy.orm import aliased

from ..challenges.models import Challenge
from ..challenges.queries import PUBLIC_PHASES
from ..ideas.models import Idea, Visibility
from ..municipalities.models import Municipality
from ..results.models import Result
from .models import Adoption, AdoptionKind
from .queries import GalleryFilter, idea_entries, result_entries, shown_adoption

# The CSV writer's formula rule (exports/writers.CsvWriter), stated on every free-text field.
TEXT_RULE = (
    "Tekst som begynner med likhetstegn, pluss, minus, krøllalfa, tabulator eller vognretur "
    "(også etter apostrofer) har fått én apostrof (') foran, så regneark ikke kjører den som "
    "formel. Fjern den ene apostrofen for å få originalteksten."
)
KINDS = ["idea", "result"]


def _field(name: str, type_: str, description: str, **extra: Any) -> dict[str, Any]:
    if type_ == "string" and "enum" not in extra.get("constraints", {}):
        description = f"{description}. {TEXT_RULE}"
    return {"name": name, "type": type_, "description": description, **extra}


def _adoption_count(kind: str, column: Any) -> Any:
    origin = Adoption.origin_idea_id if kind == "idea" else Adoption.origin_result_id
    return (
        select(func.count(Adoption.id)).where(origin == column, shown_adoption()).scalar_subquery()
    )


def _gallery(m: Municipality) -> Select:
    wanted = GalleryFilter(municipality_id=m.id)
    ideas = idea_entries(wanted).subquery()
    results = result_entries(wanted).subquery()
    cost = func.coalesce(Result.actual_cost, Result.cost_estimate)
    both = union_all(
        select(
            ideas.c.kind,
            ideas.c.id,
            ideas.c.title,
            ideas.c.challenge_id,
            ideas.c.reached_at,
            null().cast(Integer).label("cost"),
            _adoption_count("idea", ideas.c.id).label("adoptions"),
        ),
        select(
            results.c.kind,
            results.c.id,
            results.c.title,
            results.c.challenge_id,
            results.c.reached_at,
            cost.label("cost"),
            _adoption_count("result", results.c.id).label("adoptions"),
        ).join(Result, Result.id == results.c.id),
    ).subquery()
    return select(*both.c).order_by(both.c.kind, both.c.id)


def _adoptions(m: Municipality) -> Select:
    origin = aliased(Municipality)
    adopter = aliased(Municipality)
    created = aliased(Idea)
    created_challenge = aliased(Challenge)
    public_idea = case(
        (
            and_(
                created.visibility == Visibility.published,
                created_challenge.phase.in_(PUBLIC_PHASES),
            ),
            Adoption.idea_id,
        ),
        else_=None,
    )
    return (
        select(
            Adoption.id,
            origin.slug,
            case((Adoption.origin_idea_id.is_not(None), literal("idea")), else_=literal("result")),
            func.coalesce(Adoption.origin_idea_id, Adoption.origin_result_id),
            adopter.slug,
            Adoption.kind,
            public_idea,
            Adoption.created_at,
        )
        .join(origin, origin.id == Adoption.origin_municipality_id)
        .join(adopter, adopter.id == Adoption.municipality_id)
        .outerjoin(created, created.id == Adoption.idea_id)
        .outerjoin(created_challenge, created_challenge.id == created.challenge_id)
        .where(
            or_(
                Adoption.municipality_id == m.id,  # its own
                and_(Adoption.origin_municipality_id == m.id, shown_adoption()),
            )
        )
        .order_by(Adoption.id)
    )


GALLERY_RESOURCES: list[tuple[str, str, Any, list[dict[str, Any]], list[str], list[dict]]] = [
    (
        "gallery",
        "Gjort i kommunene: kommunens innspill som er gjort eller skalert og gjennomførte tiltak "
        "(bare når kommunen deler med andre kommuner)",
        _gallery,
        [
            _field(
                "kind",
                "string",
                "idea (innspill) eller result (tiltak)",
                constraints={"enum": KINDS},
            ),
            _field("id", "integer", "Innspillets eller tiltakets id"),
            _field("title", "string", "Tittel"),
            _field("challenge_id", "integer", "Utfordringens id"),
            _field(
                "reached_at", "datetime", "Gjort (UTC): første flytting til gjort eller skalert"
            ),
            _field("cost", "integer", "Kostnad i kroner (tiltak)", constraints={"minimum": 0}),
            _field(
                "adoptions",
                "integer",
                "Antall kommuner som har tatt løsningen i bruk",
                constraints={"minimum": 0},
            ),
        ],
        ["kind", "id"],
        [],
    ),
    (
        "adoptions",
        "Ta i bruk: løsninger kommunen har delt som andre tok i bruk, og løsninger den tok i bruk",
        _adoptions,
        [
            _field("id", "integer", "Adopsjonens id"),
            _field("origin_municipality", "string", "Kommunen løsningen kommer fra (slug)"),
            _field(
                "origin_kind",
                "string",
                "idea (innspill) eller result (tiltak)",
                constraints={"enum": KINDS},
            ),
            _field("origin_id", "integer", "Opprinnelsens id"),
            _field("municipality", "string", "Kommunen som tok løsningen i bruk (slug)"),
            _field(
                "kind",
                "string",
                "Hva kommunen laget: challenge (utfordring) eller input (innspill)",
                constraints={"enum": [k.value for k in AdoptionKind]},
            ),
            _field("idea_id", "integer", "Innspillet som ble laget, når det er offentlig"),
            _field("created_at", "datetime", "Tidspunkt (UTC)"),
        ],
        ["id"],
        [],
    ),
]
