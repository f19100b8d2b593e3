"""The reader's own parts of an idea list (shells.py): whether they support each idea, and how
much of the challenge's vote budget they have used. The rest of the list is drawn once; what
these holes read is read with the page's other holes, in one statement."""

from typing import Any

from flask import current_app
from flask_login import current_user

from .. import shells
from ..fragments import remember
from .queries import (
    supported_parameters,
    supported_query,
    vote_budget,
    votes_parameters,
    votes_query,
)


def _macro(template: str, name: str) -> Any:
    return getattr(current_app.jinja_env.get_template(template).module, name)


def _reader_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def _support_parameters(calls: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Which of the page's ideas this reader supports: read for the whole list at once."""
    reader = _reader_id()
    ids = [int(args["idea_id"]) for args in calls]
    return supported_parameters(reader, ids) if reader is not None and ids else None


def _supported(_calls: list[dict[str, Any]], rows: list[tuple[int, None]]) -> set[int]:
    return {idea_id for idea_id, _ in rows}


def _support_button(args: dict[str, Any], supported: set[int]) -> str:
    state = int(args["idea_id"]) in supported
    key = ("idea-support", state, shells.args_key(args))
    return remember(
        key,
        lambda: str(
            _macro("ideas/_support_button.html", "support_button")(supported=state, **args)
        ),
    )


def _budget_parameters(calls: list[dict[str, Any]]) -> dict[str, Any] | None:
    reader = _reader_id()
    ids = sorted({int(args["challenge_id"]) for args in calls})
    return votes_parameters(reader, ids) if reader is not None else None


def _used(_calls: list[dict[str, Any]], rows: list[tuple[int, int]]) -> dict[int, int]:
    return dict(rows)


def _vote_budget(args: dict[str, Any], used: dict[int, int]) -> str:
    """The reader's use of the challenge's vote budget."""
    if not current_user.is_authenticated:
        return ""
    budget = vote_budget(used.get(int(args["challenge_id"]), 0), int(args["total"]))
    return str(_macro("ideas/_macros.html", "budget_note")(budget))


shells.register(
    "idea_support",
    _support_button,
    _supported,
    shells.Read(supported_query, _support_parameters),
)
shells.register("vote_budget", _vote_budget, _used, shells.Read(votes_query, _budget_parameters))
