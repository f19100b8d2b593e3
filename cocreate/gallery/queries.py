"""The gallery's reads: every public input at gjort or skalert and every public result that is
done, in every municipality that shares (Municipality.shares_with_others), with filters, sorts
and pages; the persons behind each entry; the adoptions of an origin."""

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    distinct,
    func,
    literal,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.orm import selectinload

from ..challenges.models import (
    Challenge,
    challenge_goals,
    challenge_principles,
    challenge_target_images,
)
from ..challenges.queries import PUBLIC_PHASES
from ..extensions import db
from ..ideas.models import Idea, Visibility, Vote
from ..ideas.stages import Stage
from ..metrics.disclosure import rounded
from ..municipalities.models import Municipality
from ..pipeline.models import ChangeKind, StageChange
from ..results.models import Result, ResultInput, ResultStatus
from ..search.queries import SearchFilter, search
from .models import Adoption

PER_PAGE = 20
DONE_STAGES = (Stage.done, Stage.scaled)
# The counties (fylker) from 1 January 2024, by the first two digits of the municipality number.
COUNTIES = {
    "03": "Oslo",
    "11": "Rogaland",
    "15": "Møre og Romsdal",
    "18": "Nordland",
    "31": "Østfold",
    "32": "Akershus",
    "33": "Buskerud",
    "34": "Innlandet",
    "39": "Vestfold",
    "40": "Telemark",
    "42": "Agder",
    "46": "Vestland",
    "50": "Trøndelag",
    "55": "Troms",
    "56": "Finnmark",
}
# Population bands: key, label, lowest (inclusive), highest (exclusive).
SIZE_BANDS: tuple[tuple[str, Any, int, int | None], ...] = (
    ("under-5000", _l("Under 5 000 innbyggere"), 0, 5_000),
    ("5000-20000", _l("5 000–20 000 innbyggere"), 5_000, 20_000),
    ("20000-50000", _l("20 000–50 000 innbyggere"), 20_000, 50_000),
    ("50000-100000", _l("50 000–100 000 innbyggere"), 50_000, 100_000),
    ("over-100000", _l("Over 100 000 innbyggere"), 100_000, None),
)


class Sort(enum.Enum):
    newest = "nyeste"
    adoptions = "mest-tatt-i-bruk"


@dataclass
class GalleryFilter:
    principle: int | None = None
    target_image: int | None = None
    goal: int | None = None
    municipality: str | None = None  # slug
    county: str | None = None  # two digits
    size: str | None = None  # a SIZE_BANDS key
    year: int | None = None
    q: str = ""
    municipality_id: int | None = None  # the API's and the open data's scope
    sort: Sort = Sort.newest


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def parse_filter(args: Any) -> GalleryFilter:
    """The filter from a GET form's arguments; anything unknown is ignored."""
    sizes = {key for key, *_rest in SIZE_BANDS}
    try:
        sort = Sort(args.get("sorter", Sort.newest.value))
    except ValueError:
        sort = Sort.newest
    county = args.get("fylke") or None
    size = args.get("storrelse") or None
    return GalleryFilter(
        principle=_int(args.get("prinsipp")),
        target_image=_int(args.get("malbilde")),
        goal=_int(args.get("barekraftsmal")),
        municipality=(args.get("kommune") or None),
        county=county if county in COUNTIES else None,
        size=size if size in sizes else None,
        year=_int(args.get("ar")),
        q=(args.get("q") or "").strip()[:100],
        sort=sort,
    )


def _idea_reached() -> Any:
    """When the input first reached gjort or skalert (its first such move)."""
    first = (
        select(func.min(StageChange.created_at))
        .where(
            StageChange.idea_id == Idea.id,
            StageChange.kind == ChangeKind.move,
            StageChange.to_stage.in_(DONE_STAGES),
        )
        .correlate(Idea)
        .scalar_subquery()
    )
    return func.coalesce(first, Idea.last_moved_at, Idea.created_at)


def _result_reached() -> Any:
    return func.coalesce(Result.done_at, Result.updated_at)


def _public_where() -> list[ColumnElement[bool]]:
    return [
        Challenge.phase.in_(PUBLIC_PHASES),
        Municipality.shares_with_others.is_(True),
    ]


def _common_filters(
    wanted: GalleryFilter, reached: Any, title: Any, body: Any
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    for number, table, column, model in (
        (wanted.principle, challenge_principles, "principle_id", "principles"),
        (wanted.target_image, challenge_target_images, "target_image_id", "target_images"),
        (wanted.goal, challenge_goals, "goal_id", "goals"),
    ):
        if number is not None:
            ref = db.metadata.tables[model]
            where.append(
                Challenge.id.in_(
                    select(table.c.challenge_id)
                    .join(ref, ref.c.id == table.c[column])
                    .where(ref.c.number == number)
                )
            )
    if wanted.municipality:
        where.append(Municipality.slug == wanted.municipality)
    if wanted.municipality_id is not None:
        where.append(Municipality.id == wanted.municipality_id)
    if wanted.county:
        where.append(func.substr(Municipality.number, 1, 2) == wanted.county)
    if wanted.size:
        for key, _label, low, high in SIZE_BANDS:
            if key == wanted.size:
                where.append(Municipality.population >= low)
                if high is not None:
                    where.append(Municipality.population < high)
    if wanted.year is not None and 1900 < wanted.year < 3000:
        where.append(reached >= datetime(wanted.year, 1, 1, tzinfo=UTC))
        where.append(reached < datetime(wanted.year + 1, 1, 1, tzinfo=UTC))
    if wanted.q and title is not Idea.title:
        # Results are not in the site search's index: their title and text, word for word.
        pattern = "%" + wanted.q.replace("\\", "").replace("%", "").replace("_", "") + "%"
        where.append(or_(title.ilike(pattern), body.ilike(pattern)))
    return where


# How many inputs the site search may name for one gallery search (its best first).
SEARCHED_INPUTS = 500


def searched_idea_ids(q: str) -> set[int]:
    """The inputs the site search finds for these words (issue 22: ranked, stemmed, with typos),
    by their own text or by one of their public answers; the gallery keeps those at gjort."""
    ids: set[int] = set()
    for kind in ("idea", "answer"):
        found = search(SearchFilter(query=q, kind=kind), 1, SEARCHED_INPUTS)
        for hit in found.hits:
            idea_id = hit.id if kind == "idea" else hit.idea_id
            if idea_id is not None:
                ids.add(idea_id)
    return ids


def idea_entries(wanted: GalleryFilter) -> Select:
    reached = _idea_reached()
    return (
        select(
            literal("idea").label("kind"),
            Idea.id.label("id"),
            Idea.title.label("title"),
            Challenge.id.label("challenge_id"),
            Municipality.id.label("municipality_id"),
            reached.label("reached_at"),
        )
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .join(Municipality, Municipality.id == Challenge.municipality_id)
        .where(
            *_public_where(),
            Idea.visibility == Visibility.published,
            Idea.stage.in_(DONE_STAGES),
            *_common_filters(wanted, reached, Idea.title, Idea.body),
            *([Idea.id.in_(searched_idea_ids(wanted.q))] if wanted.q else []),
        )
    )


def result_entries(wanted: GalleryFilter) -> Select:
    reached = _result_reached()
    return (
        select(
            literal("result").label("kind"),
            Result.id.label("id"),
            Result.title.label("title"),
            Challenge.id.label("challenge_id"),
            Municipality.id.label("municipality_id"),
            reached.label("reached_at"),
        )
        .join(Challenge, Challenge.id == Result.challenge_id)
        .join(Municipality, Municipality.id == Challenge.municipality_id)
        .where(
            *_public_where(),
            Result.status == ResultStatus.done,
            *_common_filters(wanted, reached, Result.title, Result.description),
        )
    )


def entries(wanted: GalleryFilter) -> Select:
    """Every entry that passes the filter: kind, id, title, challenge_id, municipality_id,
    reached_at and adoptions (the count of municipalities that took it in), sorted."""
    both = union_all(idea_entries(wanted), result_entries(wanted)).subquery("entries")
    adoptions = (
        select(func.count(Adoption.id))
        .where(
            or_(
                and_(both.c.kind == "idea", Adoption.origin_idea_id == both.c.id),
                and_(both.c.kind == "result", Adoption.origin_result_id == both.c.id),
            ),
            shown_adoption(),
        )
        .correlate(both)
        .scalar_subquery()
        .label("adoptions")
    )
    query = select(*both.c, adoptions)
    if wanted.sort is Sort.adoptions:
        return query.order_by(adoptions.desc(), both.c.reached_at.desc(), both.c.id.desc())
    return query.order_by(both.c.reached_at.desc(), both.c.kind, both.c.id.desc())


@dataclass
class Entry:
    kind: str  # "idea" or "result"
    id: int
    title: str
    municipality: Municipality
    challenge: Challenge
    reached_at: datetime
    adoptions: int
    obj: Any  # the Idea or the Result
    supporters: int | None = None  # rounded to base 5; None: fewer than 5 (k = 5)
    cost: int | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.id}"


@dataclass
class Page:
    items: list[Entry]
    total: int
    page: int
    pages: int
    years: list[int] = field(default_factory=list)


def entry_page(wanted: GalleryFilter, page: int = 1, per_page: int = PER_PAGE) -> Page:
    query = entries(wanted)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    total = int(total or 0)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(items=load_entries(rows), total=total, page=page, pages=pages)


def load_entries(rows: Iterable[Any]) -> list[Entry]:
    """The entries of these rows with their objects, persons and cost (a few queries)."""
    rows = list(rows)
    idea_ids = [r.id for r in rows if r.kind == "idea"]
    result_ids = [r.id for r in rows if r.kind == "result"]
    ideas = {
        i.id: i
        for i in db.session.scalars(
            select(Idea)
            .where(Idea.id.in_(idea_ids))
            .options(selectinload(Idea.challenge).selectinload(Challenge.municipality))
        )
    }
    results = {
        r.id: r
        for r in db.session.scalars(
            select(Result)
            .where(Result.id.in_(result_ids))
            .options(selectinload(Result.challenge).selectinload(Challenge.municipality))
        )
    }
    idea_people = persons_behind_ideas(idea_ids)
    result_people = persons_behind_results(result_ids)
    found: list[Entry] = []
    for row in rows:
        obj: Any = ideas.get(row.id) if row.kind == "idea" else results.get(row.id)
        if obj is None:
            continue
        people = (idea_people if row.kind == "idea" else result_people).get(row.id, 0)
        cost = None
        if row.kind == "result":
            cost = obj.actual_cost if obj.actual_cost is not None else obj.cost_estimate
        found.append(
            Entry(
                kind=row.kind,
                id=row.id,
                title=row.title,
                municipality=obj.challenge.municipality,
                challenge=obj.challenge,
                reached_at=row.reached_at,
                adoptions=int(row.adoptions or 0),
                obj=obj,
                supporters=rounded(people),
                cost=cost,
            )
        )
    return found


def _persons() -> Any:
    """Each input's persons: its author and everyone who supports it."""
    return union(
        select(Idea.id.label("idea_id"), Idea.author_id.label("user_id")).where(
            Idea.author_id.is_not(None)
        ),
        select(Vote.idea_id.label("idea_id"), Vote.user_id.label("user_id")),
    ).subquery("persons")


def persons_behind_ideas(idea_ids: list[int]) -> dict[int, int]:
    """Distinct persons (author and supporters) per input; exact, for rounding before display."""
    if not idea_ids:
        return {}
    persons = _persons()
    query = (
        select(persons.c.idea_id, func.count(distinct(persons.c.user_id)))
        .where(persons.c.idea_id.in_(idea_ids))
        .group_by(persons.c.idea_id)
    )
    return {idea_id: int(n) for idea_id, n in db.session.execute(query)}


def persons_behind_results(result_ids: list[int]) -> dict[int, int]:
    """Distinct persons behind a result's published inputs, each once."""
    if not result_ids:
        return {}
    persons = _persons()
    query = (
        select(ResultInput.result_id, func.count(distinct(persons.c.user_id)))
        .join(persons, persons.c.idea_id == ResultInput.idea_id)
        .join(Idea, Idea.id == ResultInput.idea_id)
        .where(ResultInput.result_id.in_(result_ids), Idea.visibility == Visibility.published)
        .group_by(ResultInput.result_id)
    )
    return {result_id: int(n) for result_id, n in db.session.execute(query)}


def find_entry(kind: str, entry_id: int) -> Entry | None:
    """One entry of the gallery, or None when it is not (or no longer) in it."""
    wanted = GalleryFilter()
    one = idea_entries(wanted) if kind == "idea" else result_entries(wanted)
    column = Idea.id if kind == "idea" else Result.id
    row = db.session.execute(
        select(*one.where(column == entry_id).subquery().c, literal(0).label("adoptions"))
    ).first()
    if row is None:
        return None
    found = load_entries([row])
    if not found:
        return None
    found[0].adoptions = len(adoptions_of(kind, entry_id))
    return found[0]


def shown_adoption() -> ColumnElement[bool]:
    """An adoption others may see: by a municipality that shares (one that turned sharing off
    is not named on another's page, in the API or in open data; the origin's staff still see
    it, to move their input to skalert citing it)."""
    return Adoption.municipality_id.in_(
        select(Municipality.id).where(Municipality.shares_with_others.is_(True))
    )


def adoptions_of(kind: str, origin_id: int, *, public: bool = True) -> list[Adoption]:
    """The adoptions of an input or a result, oldest first (`public`: those shown_adoption())."""
    column = Adoption.origin_idea_id if kind == "idea" else Adoption.origin_result_id
    return list(
        db.session.scalars(
            select(Adoption)
            .where(column == origin_id, *([shown_adoption()] if public else []))
            .options(
                selectinload(Adoption.municipality),
                selectinload(Adoption.challenge),
                selectinload(Adoption.idea).selectinload(Idea.challenge),
            )
            .order_by(Adoption.created_at, Adoption.id)
        )
    )


def adoption_of(kind: str, origin_id: int, municipality_id: int) -> Adoption | None:
    column = Adoption.origin_idea_id if kind == "idea" else Adoption.origin_result_id
    return db.session.scalar(
        select(Adoption).where(column == origin_id, Adoption.municipality_id == municipality_id)
    )


def years() -> list[int]:
    """The years in which entries reached gjort (for the year filter), newest first."""
    both = union_all(idea_entries(GalleryFilter()), result_entries(GalleryFilter())).subquery()
    found = {row.reached_at.year for row in db.session.execute(select(both.c.reached_at))}
    return sorted(found, reverse=True)


def sharing_municipalities() -> list[Municipality]:
    return list(
        db.session.scalars(
            select(Municipality)
            .where(Municipality.shares_with_others.is_(True))
            .order_by(Municipality.name)
        )
    )


def shared_count(municipality_id: int) -> int:
    """Solutions of this municipality that others took in (counted once per solution)."""
    both = union(
        select(Adoption.origin_idea_id.label("o"), literal("idea").label("k")).where(
            Adoption.origin_municipality_id == municipality_id,
            Adoption.origin_idea_id.is_not(None),
        ),
        select(Adoption.origin_result_id.label("o"), literal("result").label("k")).where(
            Adoption.origin_municipality_id == municipality_id,
            Adoption.origin_result_id.is_not(None),
        ),
    ).subquery()
    return int(db.session.scalar(select(func.count()).select_from(both)) or 0)


def adopted_count(municipality_id: int) -> int:
    """Solutions of other municipalities this municipality took in."""
    return int(
        db.session.scalar(
            select(func.count(Adoption.id)).where(Adoption.municipality_id == municipality_id)
        )
        or 0
    )
