"""The idea list of a challenge: what its section on the challenge page (and ideas.index) shows."""

import hashlib
from typing import Any

from flask import request
from flask_login import current_user
from sqlalchemy import Select, func, select

from .. import pagecache, shells
from ..challenges.facts import challenge_facts
from ..challenges.models import Challenge
from ..database import utcnow
from ..extensions import db
from ..generation_cache import for_generation
from ..ideas.stages import MAIN_PATH
from .cards import listed
from .forms import IdeaFilterForm
from .permissions import can_submit_idea, can_support_in, can_withdraw_in
from .queries import (
    SEED_LIMIT,
    DistrictChoice,
    Sort,
    challenge_districts,
    challenge_ideas,
    parse_filter,
)

PER_PAGE = 20
MAX_PAGE = 10_000
VISITOR_ORDERS = 8  # shuffles a day for visitors who are not signed in
VARIANT_KEY = "cocreate.idea_order_variant"  # the request's, once chosen


def visitor_seed() -> int:
    """A random order of ideas that stays the same for this reader all day, page to page.

    Everyone gets one of VISITOR_ORDERS shuffles of the day: a signed-in person chosen from
    their account, others from their address and browser. No cookie is set for it, the order
    still differs between readers and days, and a page can be shared by the readers of one
    shuffle (the page cache, shells.kept_page).
    """
    return _daily_seed(visitor_order_variant())


def visitor_order_variant() -> str:
    """Which of the day's shuffles this reader sees ("0" … "7"), the same all through the
    request (a shared page is drawn for the reader's shuffle).

    The address and browser, or the account's number, are only hashed here, never stored.
    """
    kept = request.environ.get(VARIANT_KEY)
    if kept is None:
        if current_user.is_authenticated:
            reader = f"{_today()}|account|{current_user.id}"
        else:
            reader = f"{_today()}|{request.remote_addr}|{request.user_agent.string}"
        digest = hashlib.sha256(reader.encode()).digest()
        kept = request.environ[VARIANT_KEY] = str(int.from_bytes(digest[:4]) % VISITOR_ORDERS)
    return str(kept)


def _daily_seed(variant: str) -> int:
    digest = hashlib.sha256(f"samskap-order|{_today()}|{variant}".encode()).digest()
    return int.from_bytes(digest[:4]) % SEED_LIMIT


def _today() -> str:
    return utcnow().date().isoformat()


pagecache.vary_by(visitor_order_variant)


def shuffle_variant() -> str:
    """What a shared page of ideas varies by: the reader's shuffle, only when it is shown."""
    if parse_filter(request.args).sort is not Sort.random:
        return ""
    return visitor_order_variant()


shells.vary_by(shuffle_variant)


def challenge_ideas_section(challenge: Challenge, **_context: Any) -> dict[str, Any]:
    """Filters, sort, search and one page of cards; the reader's supports and vote budget are
    holes (ideas/holes.py)."""
    wanted = parse_filter(request.args)
    seed = visitor_seed() if wanted.sort is Sort.random else 0
    number = min(max(request.args.get("side", 1, type=int) or 1, 1), MAX_PAGE)
    page: Any
    if not wanted.search:
        # Filtered, ordered and paged in Python from the cards kept per generation (cards.py).
        page = listed(challenge.id, wanted, seed, number, PER_PAGE)
    else:
        query = challenge_ideas(challenge, wanted, seed)
        page = db.paginate(
            query,
            page=number,
            per_page=PER_PAGE,
            error_out=False,
            max_per_page=PER_PAGE,
            count=False,
        )
        # How many the search finds is the same for everyone: counted once per generation.
        page.total = for_generation(
            ("idea_count", challenge.id, wanted.without_sort()), lambda: _count(query)
        )
    districts = district_choices(challenge)
    form = IdeaFilterForm(formdata=request.args)
    form.set_choices(districts)
    return {
        "challenge": challenge,
        "form": form,
        "districts": districts,
        "page": page,
        "ideas": page.items,
        "wanted": wanted,
        "main_path": MAIN_PATH,
        "can_submit": can_submit_idea(current_user, challenge),
        "may_support": can_support_in(current_user, challenge),
        "may_withdraw": can_withdraw_in(current_user, challenge),
    }


def _count(query: Select) -> int:
    return (
        db.session.scalar(
            select(func.count()).select_from(query.order_by(None).options().subquery())
        )
        or 0
    )


def district_choices(challenge: Challenge) -> tuple[Any, ...]:
    """The districts an idea may name (the challenge's own, or all in the municipality), as plain
    values kept per page generation."""
    own = challenge_facts(challenge).districts
    if own:
        return own
    return for_generation(
        ("municipality_districts", challenge.municipality_id),
        lambda: tuple(DistrictChoice(d.id, d.name) for d in challenge_districts(challenge)),
    )
