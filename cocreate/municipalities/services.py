"""Creating and changing municipalities (platform operator and admins)."""

import re

from flask_babel import gettext as _
from sqlalchemy import or_, select

from ..extensions import db
from ..page_generations import changed, site_changed
from ..refusals import Refusal
from .models import District, Municipality, MunicipalityKind

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class MunicipalityError(Refusal):
    """Bad input for a municipality; the message is shown to the operator."""


def create_municipality(
    *,
    name: str,
    slug: str,
    number: str,
    kind: MunicipalityKind | str,
    population: int | None = None,
    is_demo: bool = False,
) -> Municipality:
    """Create a tenant: slug is lowercase ascii, number 4 digits (kommune) or 2 (fylkeskommune)."""
    kind = MunicipalityKind(kind) if isinstance(kind, str) else kind
    name, slug, number = name.strip(), slug.strip(), number.strip()
    if not name:
        raise MunicipalityError(_("Navn mangler."))
    if not SLUG_RE.match(slug) or len(slug) > 60:
        raise MunicipalityError(_("Kortnavnet kan bare ha små bokstaver a–z, tall og bindestrek."))
    expected = 4 if kind is MunicipalityKind.kommune else 2
    if not (number.isdecimal() and len(number) == expected):
        raise MunicipalityError(
            _("Nummeret må ha %(n)s sifre for en %(kind)s.", n=expected, kind=kind.value)
        )
    clash = db.session.scalar(
        select(Municipality).where(or_(Municipality.slug == slug, Municipality.number == number))
    )
    if clash is not None:
        raise MunicipalityError(
            _("Det finnes allerede en kommune med dette kortnavnet eller nummeret.")
        )
    municipality = Municipality(
        name=name, slug=slug, number=number, kind=kind, population=population, is_demo=is_demo
    )
    db.session.add(municipality)
    db.session.flush()
    site_changed()  # the front page lists every municipality
    return municipality


def add_district(municipality: Municipality, name: str, population: int | None = None) -> District:
    district = District(municipality_id=municipality.id, name=name.strip(), population=population)
    db.session.add(district)
    db.session.flush()
    changed(municipality.id)
    return district


def get_by_slug(slug: str) -> Municipality | None:
    return db.session.scalar(select(Municipality).where(Municipality.slug == slug))
