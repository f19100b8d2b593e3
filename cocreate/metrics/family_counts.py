"""The largest counts of persons of every scope of the differencing family at once
(disclosure.protected_family).

Scope by scope, each of a city's ~215 scopes (the municipality, ~200 challenges, the principles
and målbilder, the years and months) read the contributions twice and the inputs' facts once:
some 26 s of a 33 s snapshot job at city scale. Each scope is a set of contributions picked by
one key of the row (its challenge; a principle or målbilde of its challenge; its month or year
in UTC; or all of them), and a person counts in a scope exactly when one of their rows is in it.
So one pass over each relation, grouped by scope and person, gives what the scope-by-scope
queries give: participants, submitters, supporters, commenters, returning (active in two
challenges of the scope or more), the participants' profiles per dimension, and the signed-in
authors of the scope's inputs per channel. The test compares them with person_cells() scope by
scope.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import Integer, Select, String, case, cast, func, literal, select
from sqlalchemy.types import NullType

from ..accounts.models import ParticipantProfile
from ..challenges.models import challenge_principles, challenge_target_images
from ..extensions import db
from ..ideas.models import Channel
from . import working
from .contributions import contributions
from .measures import persons_with
from .measures_people import PROFILE_COLUMNS
from .measures_pipeline import author_counts, input_facts
from .models import Dimension
from .scope import Scope, month_of


@dataclass
class ScopeCounts:
    """One scope's counts, as person_cells() reads them."""

    participants: int = 0
    submitters: int = 0
    supporters: int = 0
    commenters: int = 0
    returning: int = 0
    authors: dict[Channel, int] = field(default_factory=lambda: dict.fromkeys(Channel, 0))
    profiles: dict[Dimension, dict[str, int]] = field(
        default_factory=lambda: {dimension: {} for dimension in PROFILE_COLUMNS}
    )


# How a row falls into the family's scopes: the prefix of the scope id, and given the rows'
# challenge and month ('YYYY-MM', UTC) columns, the key (None: one group) and a table to join.
Keyed = tuple[Any, tuple[Any, Any] | None]
KEYS: dict[str, Callable[[Any, Any], Keyed]] = {
    "c": lambda challenge, month: (challenge, None),
    "p": lambda challenge, month: (
        challenge_principles.c.principle_id,
        (challenge_principles, challenge_principles.c.challenge_id == challenge),
    ),
    "t": lambda challenge, month: (
        challenge_target_images.c.target_image_id,
        (challenge_target_images, challenge_target_images.c.challenge_id == challenge),
    ),
    "mo": lambda challenge, month: (month, None),
    "y": lambda challenge, month: (func.substr(month, 1, 4), None),
    "m": lambda challenge, month: (None, None),
}


def family_counts(municipality_id: int, now: datetime) -> dict[str, ScopeCounts]:
    """Counts by family scope id ("m", "c:12", "p:3", "t:2", "y:2026", "mo:2026-03"); a scope
    nobody took part in is missing (all zero)."""
    whole = Scope(municipality_id, now=now)
    found: dict[str, ScopeCounts] = {}

    def of(prefix: str, key: Any) -> ScopeCounts:
        return found.setdefault("m" if prefix == "m" else f"{prefix}:{key}", ScopeCounts())

    # The contributions once, per challenge, month and person, into a temporary table that
    # every scope's people are read from (not a pass over a million supports per kind of scope).
    with working.working_set():
        table = working.lookup(f"family:{whole.key}", lambda: _fine(whole))
        fine: Any = table if table is not None else _fine(whole).subquery("fine")
        facts = input_facts(whole)
        for prefix, keyed in KEYS.items():
            key, join = keyed(fine.c.challenge_id, fine.c.month)
            # Each scope's people once into a table of their own: the counts and the profiles
            # both read it (grouping the contributions again for each was 40 % of the job).
            people = working.lookup(
                f"family-people:{prefix}:{whole.key}", partial(_people, fine, key, join)
            )
            in_scope = partial(of, prefix)
            _count_people(people, in_scope)
            _count_profiles(people, in_scope)
            key, join = keyed(facts.c.challenge_id, month_of(facts.c.created_at))
            query = select(_label(key), *author_counts(facts))
            if join is not None:
                query = query.join(*join)
            if key is not None:
                query = query.group_by(key)
            for k, *authors in db.session.execute(query):
                counts = of(prefix, k)
                counts.authors = {ch: int(authors[i] or 0) for i, ch in enumerate(Channel)}
    return found


def share_contributions(whole: Scope) -> None:
    """Inside a working set: the contributions per challenge, month and person once, and the
    dashboard's per-person table (measures.per_person) grouped from it rather than from the
    million raw rows again. refresh_snapshot() computes the dashboard and the family so."""
    fine = working.lookup(f"family:{whole.key}", lambda: _fine(whole))
    if fine is None:
        return
    several = case((func.min(fine.c.challenge_id) != func.max(fine.c.challenge_id), 1), else_=0)
    # Every contribution is an idea, a support or a comment (contributions.py): n is their sum.
    working.lookup(
        f"people:{whole.key}",
        lambda: select(
            fine.c.user_id.label("user_id"),
            cast(func.sum(fine.c.ideas + fine.c.votes + fine.c.comments), Integer).label("n"),
            cast(func.sum(fine.c.ideas), Integer).label("ideas"),
            cast(func.sum(fine.c.votes), Integer).label("votes"),
            cast(func.sum(fine.c.comments), Integer).label("comments"),
            cast(several, Integer).label("several"),
        ).group_by(fine.c.user_id),
    )


def _fine(whole: Scope) -> Select:
    """Each signed-in person's contributions per challenge and month: ideas, votes, comments."""
    rows = contributions(whole)
    month = month_of(rows.c.at)

    def of_kind(kind: str) -> Any:
        return cast(func.sum(case((rows.c.kind == kind, 1), else_=0)), Integer)

    return (
        select(
            rows.c.challenge_id.label("challenge_id"),
            month.label("month"),
            rows.c.user_id.label("user_id"),
            of_kind("idea").label("ideas"),
            of_kind("vote").label("votes"),
            of_kind("comment").label("comments"),
        )
        .where(rows.c.user_id.is_not(None))
        .group_by(rows.c.challenge_id, month, rows.c.user_id)
    )


def _people(fine: Any, key: Any, join: tuple[Any, Any] | None) -> Select:
    """One row per scope key and person with contributions under it: ideas, votes, comments and
    several (active in two challenges or more, as measures.per_person)."""
    several = case((func.min(fine.c.challenge_id) != func.max(fine.c.challenge_id), 1), else_=0)
    query = select(
        _label(key),
        fine.c.user_id.label("user_id"),
        cast(func.sum(fine.c.ideas), Integer).label("ideas"),
        cast(func.sum(fine.c.votes), Integer).label("votes"),
        cast(func.sum(fine.c.comments), Integer).label("comments"),
        cast(several, Integer).label("several"),
    )
    if join is not None:
        query = query.join(*join)
    grouped = [fine.c.user_id] if key is None else [key, fine.c.user_id]
    return query.group_by(*grouped)


def _label(key: Any) -> Any:
    """The key's column; the whole municipality's one group has the key NULL."""
    if key is None:
        key = literal(None, type_=Integer)
    elif isinstance(key.type, NullType):  # a function of the month: text
        key = cast(key, String)
    return key.label("key")


def _count_people(people: Any, of: Callable[[Any], ScopeCounts]) -> None:
    having = persons_with
    for key, everyone, ideas, votes, comments, several in db.session.execute(
        select(
            people.c.key,
            func.count(),
            having(people.c.ideas),
            having(people.c.votes),
            having(people.c.comments),
            func.coalesce(func.sum(people.c.several), 0),
        ).group_by(people.c.key)
    ):
        counts = of(key)
        counts.participants, counts.submitters = int(everyone), int(ideas or 0)
        counts.supporters, counts.commenters = int(votes or 0), int(comments or 0)
        counts.returning = int(several or 0)


def _count_profiles(people: Any, of: Callable[[Any], ScopeCounts]) -> None:
    columns = list(PROFILE_COLUMNS.values())
    for key, *values, n in db.session.execute(
        select(people.c.key, *columns, func.count())
        .join(ParticipantProfile, ParticipantProfile.user_id == people.c.user_id)
        .group_by(people.c.key, *columns)
    ):
        profiles = of(key).profiles
        for dimension, value in zip(PROFILE_COLUMNS, values, strict=True):
            if value is None:
                continue
            group = value.value if hasattr(value, "value") else str(value)
            profiles[dimension][group] = profiles[dimension].get(group, 0) + int(n)
