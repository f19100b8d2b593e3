"""The reader's own parts of an idea list (shells.py): whether they support each idea, and how
much of the challenge's vote budget they have used. The rest of the list is drawn once."""

from typing import Any

from flask import current_app
from flask_login import current_user
from sqlalchemy import func, select

from .. import shells
from ..extensions import db
from ..fragments import remember
from .models import Vote
from .queries import supported_ids


def _macro(template: str, name: str) -> Any:
    return getattr(current_app.jinja_env.get_template(template).module, name)


def _supported(calls: list[dict[str, Any]]) -> set[int]:
    """Which of the page's ideas this reader supports: one query for the whole list."""
    reader = current_user if current_user.is_authenticated else None
    return supported_ids(reader, [int(args["idea_id"]) for args in calls])


def _support_button(args: dict[str, Any], supported: set[int]) -> str:
    state = int(args["idea_id"]) in supported
    key = ("idea-support", state, shells.args_key(args))
    return remember(
        key,
        lambda: str(
            _macro("ideas/_support_button.html", "support_button")(supported=state, **args)
        ),
    )


def _used(calls: list[dict[str, Any]]) -> dict[int, int]:
    """This reader's supports in each challenge with a vote budget on the page."""
    ids = sorted({int(args["challenge_id"]) for args in calls})
    if not current_user.is_authenticated or not ids:
        return {}
    rows = db.session.execute(
        select(Vote.challenge_id, func.count(Vote.id))
        .where(Vote.user_id == current_user.id, Vote.challenge_id.in_(ids))
        .group_by(Vote.challenge_id)
    )
    return {int(challenge_id): int(count) for challenge_id, count in rows}


def _vote_budget(args: dict[str, Any], used: dict[int, int]) -> str:
    if not current_user.is_authenticated:
        return ""
    total = int(args["total"])
    spent = used.get(int(args["challenge_id"]), 0)
    budget = {"total": total, "used": spent, "left": max(total - spent, 0)}
    return str(_macro("ideas/_macros.html", "budget_note")(budget))


shells.register("idea_support", _support_button, _supported)
shells.register("vote_budget", _vote_budget, _used)
