"""A challenge's idea cards as plain rows, kept in the process per page generation, so that the
list's filters, orders, count and page are worked out in Python instead of two statements (and 20
ORM objects) per request.

The page generation of the municipality (page_generations.py) moves in the same transaction as
every write that changes what its pages show, in any process: rows read under one generation are
never used under another. Only the latest generation of each challenge is kept, for the
KEPT_CHALLENGES challenges read last (about 300 bytes a card: a challenge of 1,000 ideas takes
some 300 KB), so memory is bounded however often the generation moves.

Search (`q`) still asks the database (its full-text index); every other filter and order is
the same as the SQL of queries.challenge_ideas(), which the tests compare row for row.
"""

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app, has_request_context, request
from sqlalchemy import select

from ..extensions import db
from ..generation_cache import MUNICIPALITY_RULE, on_clear, request_generation
from ..municipalities.models import District
from .models import Channel, Idea, Stage, Visibility
from .queries import DistrictChoice, IdeaFilter, Sort, shuffle_key

KEPT_CHALLENGES = 64

_latest: "OrderedDict[tuple[int, int], tuple[int, tuple[CardIdea, ...]]]" = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class CardIdea:
    """What a card of the list shows (ideas/_card.html), as plain values."""

    id: int
    title: str
    stage: Stage
    support_count: int
    comment_count: int
    district: DistrictChoice | None
    channel: Channel
    created_at: datetime


@dataclass(frozen=True)
class CardPage:
    """One page of cards, with what the pagination links need (as Flask-SQLAlchemy's)."""

    items: Sequence[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(math.ceil(self.total / self.per_page), 1) if self.total else 0

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None


def card_rows(challenge_id: int) -> tuple[CardIdea, ...]:
    """The challenge's published ideas as cards, by id; kept under the request's generation on a
    municipality's page (read afresh elsewhere, or with GENERATION_CACHE off)."""
    rule = request.url_rule.rule if has_request_context() and request.url_rule else ""
    if not rule.startswith(MUNICIPALITY_RULE) or not current_app.config.get(
        "GENERATION_CACHE", True
    ):
        return _load(challenge_id)
    generation = request_generation()
    key = (id(current_app), challenge_id)
    with _lock:
        kept = _latest.get(key)
        if kept is not None and kept[0] == generation:
            _latest.move_to_end(key)
            return kept[1]
    rows = _load(challenge_id)
    with _lock:
        _latest[key] = (generation, rows)
        _latest.move_to_end(key)
        while len(_latest) > KEPT_CHALLENGES:
            _latest.popitem(last=False)
    return rows


def _load(challenge_id: int) -> tuple[CardIdea, ...]:
    result = db.session.execute(
        select(
            Idea.id,
            Idea.title,
            Idea.stage,
            Idea.support_count,
            Idea.comment_count,
            Idea.district_id,
            District.name,
            Idea.channel,
            Idea.created_at,
        )
        .outerjoin(District, District.id == Idea.district_id)
        .where(Idea.challenge_id == challenge_id, Idea.visibility == Visibility.published)
        .order_by(Idea.id)
    )
    return tuple(
        CardIdea(
            id,
            title,
            stage,
            supports,
            comments,
            None if district_id is None else DistrictChoice(district_id, district_name),
            channel,
            created_at,
        )
        for (
            id,
            title,
            stage,
            supports,
            comments,
            district_id,
            district_name,
            channel,
            created_at,
        ) in result
    )


def listed(challenge_id: int, wanted: IdeaFilter, seed: int, page: int, per_page: int) -> CardPage:
    """One page of the challenge's cards for a filter without search, in the filter's order:
    the same ideas in the same order as queries.challenge_ideas() (ties broken by id)."""
    rows = [row for row in card_rows(challenge_id) if _matches(row, wanted)]
    if wanted.sort is Sort.random:
        shuffled = shuffle_key(seed)
        rows.sort(key=lambda row: (shuffled(row.id), row.id))
    else:
        rows.sort(key=_ORDERS[wanted.sort], reverse=True)
    start = (page - 1) * per_page
    return CardPage(tuple(rows[start : start + per_page]), page, per_page, len(rows))


def _matches(row: CardIdea, wanted: IdeaFilter) -> bool:
    return (
        (wanted.stage is None or row.stage is wanted.stage)
        and (wanted.district_id is None or (row.district and row.district.id) == wanted.district_id)
        and (wanted.channel is None or row.channel is wanted.channel)
    )


# Sorted with reverse=True: the id descending too, as in the SQL.
_ORDERS: dict[Sort, Callable[[CardIdea], tuple]] = {
    Sort.newest: lambda row: (row.created_at, row.id),
    Sort.supported: lambda row: (row.support_count, row.id),
    Sort.discussed: lambda row: (row.comment_count, row.id),
}


def forget() -> None:
    with _lock:
        _latest.clear()


on_clear(forget)
