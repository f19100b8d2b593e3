"""The gallery's sections on other features' pages (cocreate/sections.py): "Tatt i bruk i N
kommuner" on the input's and the result's page, the move to skalert on the staff's answer pages,
the latest entries on the front page, and the adoption counts on the effects dashboard."""

from typing import Any

from flask_login import current_user

from .. import sections
from ..challenges.models import Phase
from ..ideas.models import Idea
from ..ideas.stages import Stage
from ..metrics.permissions import can_view_effects_dashboard
from ..municipalities.models import Municipality
from ..pipeline.permissions import can_move_idea
from ..results.models import Result
from .models import Adoption
from .queries import (
    GalleryFilter,
    adopted_count,
    adoptions_of,
    entry_page,
    find_entry,
    shared_count,
)

FRONT_PAGE_ENTRIES = 3


def public_item(adoption: Adoption) -> tuple[str, str] | None:
    """What the adopter made, when the public may see it: ("idea"|"challenge", id path parts)."""
    if (
        adoption.idea is not None
        and adoption.idea.is_public
        and adoption.idea.challenge.phase is not Phase.draft
    ):
        return ("idea", str(adoption.idea.id))
    if adoption.challenge is not None and adoption.challenge.phase is not Phase.draft:
        return ("challenge", str(adoption.challenge.id))
    return None


def _origin_section(kind: str, origin_id: int) -> dict[str, Any] | None:
    found = find_entry(kind, origin_id)
    adoptions = adoptions_of(kind, origin_id)
    if found is None and not adoptions:
        return None
    return {
        "entry": found,
        "adoptions": [(a, public_item(a)) for a in adoptions],
        "kind": "innspill" if kind == "idea" else "tiltak",
        "origin_id": origin_id,
    }


def _everyone(**_context: Any) -> bool:
    return True


def _idea_section(idea: Idea | None = None, **_context: Any) -> dict[str, Any] | None:
    if idea is None:
        return None
    return _origin_section("idea", idea.id)


def _result_section(result: Result | None = None, **_context: Any) -> dict[str, Any] | None:
    if result is None:
        return None
    return _origin_section("result", result.id)


def _staff_section(idea: Idea | None = None, **_context: Any) -> dict[str, Any] | None:
    if idea is None or idea.stage is Stage.scaled or not can_move_idea(current_user, idea):
        return None
    adoptions = adoptions_of("idea", idea.id, public=False)
    if not adoptions:
        return None
    return {"idea": idea, "adoptions": adoptions}


def _front_section(**_context: Any) -> dict[str, Any] | None:
    page = entry_page(GalleryFilter(), 1, FRONT_PAGE_ENTRIES)
    if not page.items:
        return None
    return {"entries": page.items, "total": page.total}


def _dashboard_section(
    municipality: Municipality | None = None, **_c: Any
) -> dict[str, Any] | None:
    if municipality is None or not can_view_effects_dashboard(current_user, municipality):
        return None
    return {"shared": shared_count(municipality.id), "adopted": adopted_count(municipality.id)}


# The same for every reader (adoptions and their public links): drawn once per page generation.
sections.register(
    "idea_page", "gallery/_origin_section.html", _idea_section, order=60, shared=_everyone
)
sections.register(
    "result_page", "gallery/_origin_section.html", _result_section, order=60, shared=_everyone
)
sections.register("staff_idea_page", "gallery/_staff_section.html", _staff_section, order=40)
sections.register(
    "front_page", "gallery/_front_section.html", _front_section, order=20, shared=_everyone
)
sections.register(
    "effects_dashboard", "gallery/_dashboard_section.html", _dashboard_section, order=50
)
