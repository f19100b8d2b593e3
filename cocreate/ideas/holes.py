"""The reader's own parts of an idea list (shells.py): whether they support each idea, and how
much of the challenge's vote budget they have used. The rest of the list is drawn once."""

from typing import Any

from flask import current_app
from flask_login import current_user

from .. import shells
from ..fragments import remember
from .queries import supported_ids, vote_budget


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


def _vote_budget(args: dict[str, Any], _prepared: Any) -> str:
    """The reader's use of the challenge's vote budget (one budget on a page)."""
    if not current_user.is_authenticated:
        return ""
    budget = vote_budget(current_user, int(args["challenge_id"]), int(args["total"]))
    return str(_macro("ideas/_macros.html", "budget_note")(budget))


shells.register("idea_support", _support_button, _supported)
shells.register("vote_budget", _vote_budget)
