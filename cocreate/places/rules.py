"""The rules a place must meet, once, for the form and the service alike."""

from flask_babel import gettext as _

from .geo import Box
from .models import PlaceMode


def why_not_place(
    name: str,
    box: Box,
    mode: PlaceMode,
    point: tuple[float, float] | None,
    text: str,
) -> str | None:
    """A required place needs a point or a name; a point must lie in the municipality's box."""
    if mode is PlaceMode.required and point is None and not text:
        return _(
            "Vis hvor innspillet gjelder: klikk i kartet, eller skriv en adresse eller et sted."
        )
    if point is not None and not box.contains(*point):
        return _(
            "Punktet ligger utenfor %(name)s. Velg et sted innenfor kommunen.",
            name=name,
        )
    return None
