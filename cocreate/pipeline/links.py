"""Paths to other features' pages, usable in and outside a request (notifications, e-mail)."""

from werkzeug.routing import BuildError

from ..challenges.models import Challenge
from ..ideas.models import Idea
from ..notifications.links import path_for


def idea_path(idea: Idea) -> str:
    slug = idea.challenge.municipality.slug
    try:
        return path_for("ideas.detail", slug=slug, idea_id=idea.id)
    except BuildError:  # the ideas page names its argument differently: the documented path
        return f"/k/{slug}/innspill/{idea.id}"


def challenge_path(challenge: Challenge) -> str:
    slug = challenge.municipality.slug
    try:
        return path_for("challenges.detail", slug=slug, challenge_id=challenge.id)
    except BuildError:
        return f"/k/{slug}/utfordringer/{challenge.id}"
