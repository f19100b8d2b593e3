"""The reader's own part of the challenge page (shells.py): what they follow."""

from types import SimpleNamespace
from typing import Any

from flask import render_template, request
from flask_login import current_user

from .. import shells
from ..fragments import remember
from .following import challenge_follow_state


def _follow(args: dict[str, Any], _prepared: Any) -> str:
    districts = [SimpleNamespace(id=int(id), name=name) for id, name in args["districts"]]
    following, districts_followed = challenge_follow_state(
        current_user, int(args["challenge_id"]), [d.id for d in districts]
    )
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


shells.register("challenge_follow", _follow)
