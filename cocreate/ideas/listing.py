"""The idea list of a challenge: what its section on the challenge page (and ideas.index) shows."""

import hashlib
import secrets
from typing import Any

from flask import request, session
from flask_login import current_user
from sqlalchemy import Select, func, select

from .. import pagecache
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
    supported_ids,
    vote_budget,
)

PER_PAGE = 20
MAX_PAGE = 10_000
SEED_KEY = "idea_order_seed"
VISITOR_ORDERS = 8  # shuffles a day for visitors who are not signed in


def visitor_seed() -> int:
    """A random order of ideas that stays the same for this visitor from page to page.

    Signed-in people keep theirs in the session. Others get one of VISITOR_ORDERS shuffles of
    the day, chosen from their address and browser: no cookie is set for it, the order still
    differs between visitors and days, and the page can be served from the page cache.
    """
    if not current_user.is_authenticated:
        return _daily_seed(visitor_order_variant())
    if not isinstance(session.get(SEED_KEY), int):
        session[SEED_KEY] = secrets.randbelow(SEED_LIMIT)
    return session[SEED_KEY]


def visitor_order_variant() -> str:
    """Which of the day's shuffles a visitor who is not signed in sees ("0" … "7").

    The address and browser are only hashed here, never stored.
    """
    if current_user.is_authenticated:
        return ""
    visitor = f"{_today()}|{request.remote_addr}|{request.user_agent.string}"
    return str(int.from_bytes(hashlib.sha256(visitor.encode()).digest()[:4]) % VISITOR_ORDERS)


def _daily_seed(variant: str) -> int:
    digest = hashlib.sha256(f"samskap-order|{_today()}|{variant}".encode()).digest()
    return int.from_bytes(digest[:4]) % SEED_LIMIT


def _today() -> str:
    return utcnow().date().isoformat()


pagecache.vary_by(visitor_order_variant)


def challenge_ideas_section(challenge: Challenge, **_context: Any) -> dict[str, Any]:
    """Filters, sort, search, one page of cards, and the visitor's supports and vote budget."""
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
    user = current_user if current_user.is_authenticated else None
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
        "supported": supported_ids(user, [idea.id for idea in page.items]),
        "budget": vote_budget(user, challenge),
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
