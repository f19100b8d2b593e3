"""The allowlist's services: only administrators change it, each change is audited, a site is on
it once, and the list has a ceiling."""

import pytest

from cocreate.embeds.queries import frame_ancestors_for, origins_of
from cocreate.embeds.services import MAX_ORIGINS, add_embed_origin, remove_embed_origin
from cocreate.refusals import NotAllowed, Refusal

from .conftest import events


def test_an_administrator_adds_and_removes_a_site_and_both_are_audited(world):
    m = world.municipality
    row = add_embed_origin(m, "https://WWW.Heimby.kommune.no/", actor=world.admin)
    assert row.origin == "https://www.heimby.kommune.no"
    assert [o.origin for o in origins_of(m.id)] == ["https://www.heimby.kommune.no"]
    assert frame_ancestors_for("heimby") == ["https://www.heimby.kommune.no"]
    assert frame_ancestors_for("bortby") == []
    added = events("embeds.origin_added")
    assert len(added) == 1 and added[0].actor_id == world.admin.id
    assert added[0].municipality_id == m.id

    remove_embed_origin(m, "https://www.heimby.kommune.no", actor=world.admin)
    assert origins_of(m.id) == []
    removed = events("embeds.origin_removed")
    assert len(removed) == 1 and removed[0].actor_id == world.admin.id


@pytest.mark.parametrize("role", ["anonymous", "citizen", "facilitator", "other_facilitator"])
def test_nobody_but_the_municipalitys_administrators_changes_it(world, role):
    actor = world.roles()[role]
    with pytest.raises(NotAllowed) as refused:
        add_embed_origin(world.municipality, "https://www.heimby.no", actor=actor)
    assert "administratorer" in refused.value.reason
    add_embed_origin(world.municipality, "https://www.heimby.no", actor=world.admin)
    with pytest.raises(NotAllowed):
        remove_embed_origin(world.municipality, "https://www.heimby.no", actor=actor)


def test_another_municipalitys_administrator_is_refused(world):
    with pytest.raises(NotAllowed):
        add_embed_origin(world.municipality, "https://www.heimby.no", actor=world.other_admin)


def test_a_site_is_on_the_list_once_and_the_list_has_a_ceiling(world):
    m = world.municipality
    add_embed_origin(m, "https://www.heimby.no", actor=world.admin)
    with pytest.raises(Refusal) as refused:
        add_embed_origin(m, "https://www.heimby.no:443/", actor=world.admin)
    assert "står allerede på listen" in refused.value.reason
    for n in range(MAX_ORIGINS - 1):
        add_embed_origin(m, f"https://side{n}.heimby.no", actor=world.admin)
    with pytest.raises(Refusal) as refused:
        add_embed_origin(m, "https://en-til.heimby.no", actor=world.admin)
    assert "høyst 20" in refused.value.reason


def test_removing_a_site_that_is_not_there_is_refused(world):
    with pytest.raises(Refusal) as refused:
        remove_embed_origin(world.municipality, "https://www.heimby.no", actor=world.admin)
    assert "står ikke på listen" in refused.value.reason
