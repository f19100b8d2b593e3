"""A municipality's districts (bydeler, grender): create, rename, merge.

A district is named in several places: its own row, the ideas and challenges that point to it
by id, and, by its name, the consented profiles (the privacy feature stores the name a person
picked), the reference population (group_name) and workshop check-in counts (value).
Representativeness matches participants to the reference by that name. So a rename carries the
new name to all of them, and a merge (A into B) moves everything of A to B, adding A's
population and counts to B's where both have one, in the same transaction. The figures are what
they were, under the new name.

Profiles are not tied to a municipality. A profile that names a district is taken to mean this
municipality's when no other municipality has a district of that name; otherwise only the
profiles of people who have taken part here (and so count in this municipality's figures) move.
"""

from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, select, update

from ..accounts.models import ParticipantProfile
from ..audit.services import record_event
from ..challenges.models import Challenge
from ..extensions import db
from ..ideas.models import Idea
from ..metrics.measures import participant_ids
from ..metrics.models import Dimension, PopulationReference
from ..metrics.scope import Scope
from ..municipalities.models import DISTRICT_NAME, District, Municipality
from ..page_generations import changed
from ..refusals import Refusal, require
from ..workshops.models import CheckinDimension, Workshop, WorkshopCheckinCount
from .permissions import why_not_change_settings


class DistrictError(Refusal):
    """A change to the districts was refused; the reason is shown to the administrator."""


def districts_of(municipality: Municipality) -> list[District]:
    return list(
        db.session.scalars(
            select(District)
            .where(District.municipality_id == municipality.id)
            .order_by(District.name)
        )
    )


def _clean_name(name: str) -> str:
    return DISTRICT_NAME.enforce(" ".join(name.split()), DistrictError)


def _check_free(municipality: Municipality, name: str, keep: District | None = None) -> None:
    """Names are unique in a municipality, whatever their case ("Sentrum" and "sentrum")."""
    for district in districts_of(municipality):
        if district is not keep and district.name.casefold() == name.casefold():
            raise DistrictError(
                _("Kommunen har allerede en bydel som heter «%(name)s».", name=name)
            )


def _check_population(population: int | None) -> None:
    if population is not None and not 0 <= population <= 100_000_000:
        raise DistrictError(_("Innbyggertallet må være et helt tall, 0 eller større."))


def create_district(
    municipality: Municipality, name: str, population: int | None = None, *, actor: Any
) -> District:
    """A new district; it is offered at once in the profile, idea and check-in forms."""
    require(why_not_change_settings(actor, municipality))
    name = _clean_name(name)
    _check_free(municipality, name)
    _check_population(population)
    district = District(municipality_id=municipality.id, name=name, population=population)
    db.session.add(district)
    db.session.flush()
    changed(municipality.id)
    record_event(
        "district.created",
        actor=actor,
        municipality=municipality,
        subject=district,
        name=name,
        population=population,
    )
    return district


def rename_district(district: District, name: str, *, actor: Any) -> District:
    """Give a district a new name, carried to the profiles, reference and check-ins naming it."""
    municipality = db.session.get_one(Municipality, district.municipality_id)
    require(why_not_change_settings(actor, municipality))
    name = _clean_name(name)
    old = district.name
    if name == old:
        return district
    _check_free(municipality, name, keep=district)
    profiles = _move_profiles(municipality, old, name)
    _move_reference(municipality, old, name)
    _move_checkins(municipality, old, name)
    district.name = name
    db.session.flush()
    changed(municipality.id)
    record_event(
        "district.renamed",
        actor=actor,
        municipality=municipality,
        subject=district,
        old=old,
        new=name,
        profiles=profiles,
    )
    return district


def merge_districts(source: District, target: District, *, actor: Any) -> District:
    """Merge `source` into `target`: its ideas, challenges, profiles, reference population and
    check-ins move to `target` (populations and counts added up), and `source` is deleted."""
    municipality = db.session.get_one(Municipality, target.municipality_id)
    require(why_not_change_settings(actor, municipality))
    if source.id == target.id:
        raise DistrictError(_("Velg en annen bydel å slå sammen med."))
    if source.municipality_id != target.municipality_id:
        raise DistrictError(_("Bydelene må høre til samme kommune."))
    ideas = _move_ideas(source, target)
    _move_challenges(source, target)
    profiles = _move_profiles(municipality, source.name, target.name)
    _move_reference(municipality, source.name, target.name)
    _move_checkins(municipality, source.name, target.name)
    if source.population is not None:
        target.population = (target.population or 0) + source.population
    record_event(
        "district.merged",
        actor=actor,
        municipality=municipality,
        subject=target,
        source=source.name,
        source_id=source.id,
        target=target.name,
        ideas=ideas,
        profiles=profiles,
    )
    db.session.delete(source)
    db.session.flush()
    changed(municipality.id)
    return target


# --- where a district's name or id is kept ------------------------------------------------


def _profiles_naming(municipality: Municipality, name: str) -> ColumnElement[bool]:
    """Which profiles mean this municipality's district `name` (module docstring)."""
    naming = ParticipantProfile.district == name
    shared = db.session.scalar(
        select(District.id)
        .where(District.name == name, District.municipality_id != municipality.id)
        .limit(1)
    )
    if shared is None:
        return naming
    people = participant_ids(Scope(municipality.id))
    return naming & ParticipantProfile.user_id.in_(select(people.c.user_id))


def _move_profiles(municipality: Municipality, old: str, new: str) -> int:
    ids = list(
        db.session.scalars(select(ParticipantProfile.id).where(_profiles_naming(municipality, old)))
    )
    for start in range(0, len(ids), 500):
        db.session.execute(
            update(ParticipantProfile)
            .where(ParticipantProfile.id.in_(ids[start : start + 500]))
            .values(district=new)
            .execution_options(synchronize_session="fetch")
        )
    return len(ids)


def _move_reference(municipality: Municipality, old: str, new: str) -> None:
    rows = {
        row.group: row
        for row in db.session.scalars(
            select(PopulationReference).where(
                PopulationReference.municipality_id == municipality.id,
                PopulationReference.dimension == Dimension.district,
                PopulationReference.group.in_([old, new]),
            )
        )
    }
    _combine(rows.get(old), rows.get(new), new, "group", "population")


def _move_checkins(municipality: Municipality, old: str, new: str) -> None:
    rows = db.session.scalars(
        select(WorkshopCheckinCount)
        .join(Workshop, Workshop.id == WorkshopCheckinCount.workshop_id)
        .join(Challenge, Challenge.id == Workshop.challenge_id)
        .where(
            Challenge.municipality_id == municipality.id,
            WorkshopCheckinCount.dimension == CheckinDimension.district.value,
            WorkshopCheckinCount.value.in_([old, new]),
        )
    )
    by_workshop: dict[int, dict[str, WorkshopCheckinCount]] = {}
    for row in rows:
        by_workshop.setdefault(row.workshop_id, {})[row.value] = row
    for found in by_workshop.values():
        _combine(found.get(old), found.get(new), new, "value", "count")


def _combine(old: Any, new: Any, name: str, name_attr: str, amount_attr: str) -> None:
    """One row under `name`: the old row renamed, or its amount added to the new row's."""
    if old is None:
        return
    if new is None:
        setattr(old, name_attr, name)
        return
    setattr(new, amount_attr, getattr(new, amount_attr) + getattr(old, amount_attr))
    db.session.delete(old)
    db.session.flush()  # the old row is gone before a rename could clash with it


def _move_ideas(source: District, target: District) -> int:
    ideas: Sequence[Idea] = db.session.scalars(
        select(Idea).where(Idea.district_id == source.id)
    ).all()
    for idea in ideas:
        idea.district_id = target.id
    return len(ideas)


def _move_challenges(source: District, target: District) -> None:
    challenges = db.session.scalars(
        select(Challenge).where(Challenge.districts.any(District.id == source.id))
    ).all()
    for challenge in challenges:
        kept = [d for d in challenge.districts if d.id != source.id]
        if all(d.id != target.id for d in kept):
            kept.append(target)
        challenge.districts = kept
