"""The reader's own part of the challenge page (shells.py): what they follow. Read with the
page's other holes, in one statement."""

from types import SimpleNamespace
from typing import Any

from flask import render_template, request
from flask_login import current_user

from .. import shells
from ..fragments import remember
from .following import follow_state, follow_state_parameters, follow_state_query


def _parameters(calls: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not current_user.is_authenticated:
        return None
    challenges = sorted({int(args["challenge_id"]) for args in calls})
    districts = sorted({int(id) for args in calls for id, _name in args["districts"]})
    return follow_state_parameters(current_user.id, challenges, districts)


def _follow(args: dict[str, Any], rows: list[tuple[int | None, int | None]]) -> str:
    districts = [SimpleNamespace(id=int(id), name=name) for id, name in args["districts"]]
    following, followed_anywhere = follow_state(rows, int(args["challenge_id"]))
    districts_followed = followed_anywhere & {d.id for d in districts}
    section = SimpleNamespace(
        challenge_id=int(args["challenge_id"]),
        slug=args["slug"],
        draft=bool(args["draft"]),
        districts=districts,
        following=following,
        districts_followed=districts_followed,
    )
    followed = tuple(sorted(districts_followed))
    signed_in = current_user.is_authenticated
    key = ("challenge-follow", shells.args_key(args), following, followed, signed_in, request.path)
    return remember(key, lambda: render_template("challenges/_follow.html", section=section))


shells.register("challenge_follow", _follow, read=shells.Read(follow_state_query, _parameters))
