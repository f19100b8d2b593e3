"""Reads for ideas: the filtered, sorted list of a challenge, search, and per-person facts."""

import enum
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    ColumnExpressionArgument,
    Select,
    bindparam,
    cast,
    column,
    false,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import joinedload, selectinload

from ..accounts.models import User
from ..challenges.models import Challenge
from ..database import is_postgres
from ..extensions import db
from ..ideas.stages import Stage
from ..municipalities.models import District
from .models import Channel, Comment, Idea, RegisteredInput, SenderContact, Visibility, Vote

SEARCH_MAX = 200
# Random order: a keyed permutation of ids, (x XOR seed) * multiplier mod a prime, twice over.
# Integer arithmetic that SQLite and PostgreSQL compute alike (XOR written as (a | b) - (a & b)).
RANDOM_PRIME = 2_147_483_647
RANDOM_ROUNDS = (48_271, 69_621)
SEED_LIMIT = 2**30


class Sort(enum.Enum):
    random = "tilfeldig"
    newest = "nyeste"
    supported = "mest-stottet"
    discussed = "mest-diskutert"


@dataclass(frozen=True)
class IdeaFilter:
    """What a visitor asked the list for; unknown values are simply left out."""

    sort: Sort = Sort.random
    stage: Stage | None = None
    district_id: int | None = None
    channel: Channel | None = None
    search: str = ""

    @property
    def is_filtered(self) -> bool:
        return bool(self.stage or self.district_id or self.channel or self.search)

    def without_sort(self) -> "IdeaFilter":
        """The same filter in the default order: what finds the same ideas."""
        return replace(self, sort=Sort.random)


def parse_filter(args: dict) -> IdeaFilter:
    """Read sort, steg, bydel, kanal and q from query arguments."""
    district = args.get("bydel", "")
    return IdeaFilter(
        sort=_enum(Sort, args.get("sort")) or Sort.random,
        stage=_enum(Stage, args.get("steg")),
        district_id=int(district) if district.isdecimal() and int(district) < 2**31 else None,
        channel=_enum(Channel, args.get("kanal")),
        search=(args.get("q") or "").strip()[:SEARCH_MAX],
    )


def _enum(cls: type[enum.Enum], value: str | None):
    try:
        return cls(value)
    except ValueError:
        return None


def challenge_ideas(challenge: Challenge, wanted: IdeaFilter, seed: int = 0) -> Select:
    """The published ideas of a challenge, filtered and sorted, with what a card shows."""
    query = (
        select(Idea)
        .where(Idea.challenge_id == challenge.id, Idea.visibility == Visibility.published)
        .options(joinedload(Idea.district))
    )
    if wanted.stage is not None:
        query = query.where(Idea.stage == wanted.stage)
    if wanted.district_id is not None:
        query = query.where(Idea.district_id == wanted.district_id)
    if wanted.channel is not None:
        query = query.where(Idea.channel == wanted.channel)
    if wanted.search:
        query = query.where(search_condition(wanted.search))
    orders: dict[Sort, tuple[ColumnExpressionArgument[Any], ...]] = {
        Sort.newest: (Idea.created_at.desc(), Idea.id.desc()),
        Sort.supported: (Idea.support_count.desc(), Idea.id.desc()),
        Sort.discussed: (Idea.comment_count.desc(), Idea.id.desc()),
        Sort.random: (random_key(seed), Idea.id),
    }
    return query.order_by(*orders[wanted.sort])


def search_condition(terms: str) -> ColumnElement[bool]:
    """Full-text match: PostgreSQL's norwegian configuration, or SQLite's FTS5 index."""
    if is_postgres(db.engine):
        # The same expression as the GIN index ix_ideas_search_nb, so the index is used.
        document = func.to_tsvector(
            literal_column("'norwegian'"),
            Idea.title.concat(literal_column("' '")).concat(Idea.body),
        )
        return document.op("@@")(func.websearch_to_tsquery(literal_column("'norwegian'"), terms))
    words = re.findall(r"\w+", terms)
    if not words:
        return false()
    match = " ".join(f'"{word}"*' for word in words)
    fts = table("ideas_fts", column("rowid"))
    matching = select(fts.c.rowid).where(literal_column("ideas_fts").op("MATCH")(match))
    return Idea.id.in_(matching)


def random_key(seed: int) -> ColumnElement[int]:
    """A per-visitor shuffle of ids: the same seed gives the same order on every page."""
    value: ColumnElement[int] = cast(Idea.id, BigInteger)
    for round_seed, multiplier in zip(round_seeds(seed), RANDOM_ROUNDS, strict=True):
        xor = value.op("|")(round_seed) - value.op("&")(round_seed)
        value = (xor * multiplier) % RANDOM_PRIME
    return value


def random_key_py(idea_id: int, seed: int) -> int:
    """The same function in Python."""
    return shuffle_key(seed)(idea_id)


def shuffle_key(seed: int) -> Callable[[int], int]:
    """random_key_py for one seed, its rounds prepared once (the idea list sorts a thousand)."""
    (first, second), (times_first, times_second) = round_seeds(seed), RANDOM_ROUNDS

    def key(idea_id: int) -> int:
        value = ((idea_id ^ first) * times_first) % RANDOM_PRIME
        return ((value ^ second) * times_second) % RANDOM_PRIME

    return key


def round_seeds(seed: int) -> tuple[int, int]:
    seed %= SEED_LIMIT
    return seed, (seed * 40_503 + 12_345) % SEED_LIMIT


@functools.cache
def supported_query() -> Select[int]:
    """Built once (every signed-in list runs it; ideas/holes.py too), with bound parameters
    (supported_parameters)."""
    return select(Vote.idea_id).where(
        Vote.user_id == bindparam("supporter_id"),
        Vote.idea_id.in_(bindparam("supported_idea_ids", expanding=True)),
    )


def supported_parameters(user_id: int, idea_ids: list[int]) -> dict[str, Any]:
    return {"supporter_id": user_id, "supported_idea_ids": idea_ids}


@dataclass(frozen=True)
class DistrictChoice:
    id: int
    name: str


def challenge_districts(challenge: Challenge) -> list[District]:
    """The districts an idea may name: the challenge's own, or all in the municipality."""
    if challenge.districts:
        return list(challenge.districts)
    return list(
        db.session.scalars(
            select(District)
            .where(District.municipality_id == challenge.municipality_id)
            .order_by(District.name)
        )
    )


def idea_comments(idea: Idea) -> list[Comment]:
    """Top-level comments in order, each with its replies and authors loaded."""
    return list(
        db.session.scalars(
            select(Comment)
            .where(Comment.idea_id == idea.id, Comment.parent_id.is_(None))
            .options(
                joinedload(Comment.author),
                selectinload(Comment.replies).joinedload(Comment.author),
            )
            .order_by(Comment.created_at, Comment.id)
        )
    )


def vote_budget(used: int, total: int) -> dict[str, int]:
    """A challenge's vote budget as a person has used it: total, used and left."""
    return {"total": total, "used": used, "left": max(total - used, 0)}


def votes_used(user: User, challenge: Challenge) -> int:
    """How many supports the person has given in this challenge."""
    rows = db.session.execute(votes_query(), votes_parameters(user.id, [challenge.id]))
    return next((count for challenge_id, count in rows if challenge_id == challenge.id), 0)


@functools.cache
def votes_query() -> Select[int, int]:
    """(challenge id, supports given) of a person in these challenges (votes_parameters), with
    bound parameters: built once (every page with a vote budget runs it, ideas/holes.py)."""
    return (
        select(Vote.challenge_id, func.count(Vote.id))
        .where(
            Vote.user_id == bindparam("voter_id"),
            Vote.challenge_id.in_(bindparam("budget_challenge_ids", expanding=True)),
        )
        .group_by(Vote.challenge_id)
    )


def votes_parameters(user_id: int, challenge_ids: list[int]) -> dict[str, Any]:
    return {"voter_id": user_id, "budget_challenge_ids": challenge_ids}


def registration_of(idea: Idea) -> RegisteredInput | None:
    """How an input registered by staff came in (None for other channels)."""
    if idea.channel is not Channel.registered:
        return None
    return db.session.get(RegisteredInput, idea.id)


def sender_contact_of(idea: Idea) -> SenderContact | None:
    """The way to reach a registered input's sender; for staff only (the caller checks)."""
    if idea.channel is not Channel.registered:
        return None
    return db.session.get(SenderContact, idea.id)
