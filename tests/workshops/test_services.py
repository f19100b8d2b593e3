"""Workshop services: set-up, attendance counts, notes, dots, hide, merge, themes, publishing."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cocreate.audit.models import AuditEvent
from cocreate.challenges.models import Phase
from cocreate.extensions import db
from cocreate.ideas.models import Channel, Idea, Visibility
from cocreate.ideas.services import support_idea
from cocreate.workshops.codes import participant_hash
from cocreate.workshops.models import (
    IdeaOrigin,
    WorkshopCheckin,
    WorkshopCheckinCount,
    WorkshopDot,
    WorkshopFormat,
    WorkshopIdea,
    WorkshopNote,
    WorkshopStatus,
)
from cocreate.workshops.publishing import idea_title, publish_results, register_offline_input
from cocreate.workshops.queries import checkin_summary, load_wall, receipt_by_code
from cocreate.workshops.services import (
    WorkshopError,
    check_in,
    create_workshop,
    record_headcount,
    set_status,
    update_workshop,
)
from cocreate.workshops.wall import (
    add_offline_note,
    create_theme,
    hide_note,
    merge_notes,
    post_note,
    restore_note,
    set_note_theme,
    toggle_dot,
)

from .conftest import START

A, B, C = (participant_hash(1, t * 43) for t in "abc")


@pytest.fixture
def live(heimby_challenge, create_workshop_f):
    return create_workshop_f(heimby_challenge)


def _dots(note) -> int:
    return db.session.scalar(select(func.count()).where(WorkshopDot.note_id == note.id))


def test_create_workshop_checks_times_place_and_link(heimby_challenge, world):
    base = {
        "title": "Kveldsmøte",
        "starts_at": START,
        "ends_at": START + timedelta(hours=2),
        "actor": world.facilitator,
    }
    with pytest.raises(WorkshopError, match="etter starttidspunktet"):
        create_workshop(
            heimby_challenge,
            format=WorkshopFormat.physical,
            place="Rådhuset",
            **{**base, "ends_at": START},
        )
    with pytest.raises(WorkshopError, match="hvor"):
        create_workshop(heimby_challenge, format=WorkshopFormat.physical, **base)
    with pytest.raises(WorkshopError, match="lenken"):
        create_workshop(heimby_challenge, format=WorkshopFormat.hybrid, place="Rådhuset", **base)
    with pytest.raises(WorkshopError, match="https"):
        create_workshop(
            heimby_challenge, format=WorkshopFormat.digital, link="javascript:alert(1)", **base
        )
    workshop = create_workshop(
        heimby_challenge, format=WorkshopFormat.digital, link="https://m.example.no", **base
    )
    db.session.commit()
    assert workshop.status is WorkshopStatus.planned and workshop.dots_per_person == 3
    assert len(workshop.join_code) == 6
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "workshop.created"))
    assert event.actor_id == world.facilitator.id and event.subject_id == workshop.id


def test_update_keeps_join_code(live, world):
    code = live.join_code
    update_workshop(live, title="Nytt navn", dots_per_person=5, actor=world.facilitator)
    assert live.join_code == code and live.title == "Nytt navn" and live.dots_per_person == 5
    with pytest.raises(WorkshopError):
        update_workshop(live, dots_per_person=0, actor=world.facilitator)


def test_status_moves(heimby_challenge, create_workshop_f):
    workshop = create_workshop_f(heimby_challenge, status=WorkshopStatus.planned)
    set_status(workshop, WorkshopStatus.live, actor=None)
    with pytest.raises(WorkshopError):
        set_status(workshop, WorkshopStatus.planned, actor=None)
    set_status(workshop, WorkshopStatus.closed, actor=None)
    set_status(workshop, WorkshopStatus.live, actor=None)  # reopened for late notes
    assert workshop.status is WorkshopStatus.live


def test_headcount(live, world):
    record_headcount(live, 42, actor=world.facilitator)
    assert live.headcount == 42
    with pytest.raises(WorkshopError):
        record_headcount(live, -1, actor=world.facilitator)


def test_checkin_stores_only_counts_once_per_device(live):
    check_in(live, A, {"age_band": "30-44", "gender": "kvinne", "district": "Nord"})
    check_in(live, B, {"age_band": "30-44", "gender": "", "district": None})
    check_in(live, C, {})  # every question is optional
    db.session.commit()
    with pytest.raises(WorkshopError, match="allerede"):
        check_in(live, A, {"age_band": "18-29"})
    db.session.rollback()
    with pytest.raises(WorkshopError, match="gyldig"):
        check_in(live, participant_hash(1, "d" * 43), {"district": "Bortby sentrum"})
    db.session.rollback()
    rows = db.session.execute(
        select(
            WorkshopCheckinCount.dimension, WorkshopCheckinCount.value, WorkshopCheckinCount.count
        ).order_by(WorkshopCheckinCount.dimension)
    ).all()
    assert sorted(rows) == [
        ("age_band", "30-44", 2),
        ("district", "Nord", 1),
        ("gender", "kvinne", 1),
    ]
    db.session.refresh(live)
    assert live.checkin_count == 3
    # The device list holds no answers: only that a device checked in.
    assert set(WorkshopCheckin.__table__.columns.keys()) == {
        "id",
        "workshop_id",
        "participant_hash",
    }


def test_checkin_summary_suppresses_groups_below_five(live):
    for i in range(6):
        check_in(live, participant_hash(live.id, f"p{i}" * 20), {"age_band": "18-29"})
    check_in(live, participant_hash(live.id, "x" * 43), {"age_band": "67-79"})
    summary = dict(checkin_summary(live))
    # Shown as on the form («18–29 år»), never the stored code «18-29».
    assert summary["Alder"] == [("18–29 år", 6), ("67–79 år", None)]


def test_note_length_and_live_only(live, heimby_challenge, create_workshop_f):
    assert post_note(live, A, "  Flere benker  ").text == "Flere benker"
    post_note(live, A, "x" * 280)
    with pytest.raises(WorkshopError, match="280"):
        post_note(live, A, "x" * 281)
    with pytest.raises(WorkshopError):
        post_note(live, A, "   ")
    planned = create_workshop_f(heimby_challenge, status=WorkshopStatus.planned)
    with pytest.raises(WorkshopError, match="ikke imot"):
        post_note(planned, A, "For tidlig")


@pytest.mark.parametrize("phase", [Phase.assessing, Phase.concluded])
def test_no_notes_or_dots_once_the_challenge_stops_taking_inputs(live, heimby_challenge, phase):
    note = post_note(live, A, "Før fristen")
    heimby_challenge.phase = phase
    with pytest.raises(WorkshopError, match="nye innspill"):
        post_note(live, A, "Etter fristen")
    with pytest.raises(WorkshopError, match="nye innspill"):
        toggle_dot(note, B)


def test_dots_one_per_note_within_budget_and_take_back(live):
    notes = [post_note(live, A, f"Lapp {i}") for i in range(4)]
    assert toggle_dot(notes[0], B) is True
    assert toggle_dot(notes[0], B) is False  # second click takes it back
    for note in notes[:3]:
        toggle_dot(note, B)
    with pytest.raises(WorkshopError, match="alle dine 3"):
        toggle_dot(notes[3], B)
    toggle_dot(notes[1], B)  # take one back …
    assert toggle_dot(notes[3], B) is True  # … and spend it elsewhere
    assert [_dots(n) for n in notes] == [1, 0, 1, 1]


def test_hiding_gives_dots_back_and_restoring_keeps_text(live, world):
    note = post_note(live, A, "Kjøp billig her!!!")
    other = post_note(live, A, "Mer lys i parken")
    toggle_dot(note, B)
    hide_note(note, "spam", actor=world.facilitator)
    assert note.hidden and note.hidden_reason == "spam" and _dots(note) == 0
    with pytest.raises(WorkshopError):
        toggle_dot(note, B)
    for _ in range(3):
        toggle_dot(other, C)
        toggle_dot(other, C)
    restore_note(note, actor=world.facilitator)
    assert not note.hidden and note.on_wall
    with pytest.raises(WorkshopError):
        hide_note(note, "ukjent-grunn", actor=world.facilitator)


def test_merge_moves_dots_without_counting_anyone_twice(live, world):
    keep = post_note(live, A, "Flere benker i parken")
    dup = post_note(live, B, "Benker i parken!")
    toggle_dot(keep, A)
    toggle_dot(dup, A)  # A dotted both: counts once after the merge
    toggle_dot(dup, B)
    toggle_dot(dup, C)
    merge_notes(dup, keep, actor=world.facilitator)
    db.session.commit()
    assert _dots(keep) == 3 and _dots(dup) == 0
    assert dup.merged_into_id == keep.id and not dup.on_wall
    holders = db.session.scalars(
        select(WorkshopDot.participant_hash).where(WorkshopDot.note_id == keep.id)
    ).all()
    assert sorted(holders) == sorted([A, B, C])
    # A got the extra dot back: 2 of 3 left to spend.
    assert db.session.scalar(select(func.count()).where(WorkshopDot.participant_hash == A)) == 1
    with pytest.raises(WorkshopError):
        merge_notes(dup, keep, actor=world.facilitator)
    with pytest.raises(WorkshopError):
        merge_notes(keep, keep, actor=world.facilitator)


def test_merge_chain_is_flattened(live, world):
    a, b, c = (post_note(live, A, t) for t in ("a", "b", "c"))
    merge_notes(a, b, actor=world.facilitator)
    merge_notes(b, c, actor=world.facilitator)
    db.session.refresh(a)
    assert a.merged_into_id == c.id
    assert receipt_by_code(a.receipt_code).final_note.id == c.id


def test_theme_votes_count_each_person_once(live, world):
    theme = create_theme(live, "Trafikk", actor=world.facilitator)
    n1, n2 = post_note(live, A, "Sykkelvei"), post_note(live, A, "Fartsdumper")
    postit = add_offline_note(live, "Gangfelt ved skolen", dots=4, actor=world.facilitator)
    for note in (n1, n2, postit):
        set_note_theme(note, theme)
    toggle_dot(n1, B)
    toggle_dot(n2, B)
    toggle_dot(n2, C)
    wall = load_wall(live)
    assert wall.theme_dots[theme.id] == 2 + 4  # B once, C once, four stickers
    assert wall.dots[n2.id] == 2 and wall.dots[postit.id] == 4
    assert wall.participants == 3  # A wrote, B and C dotted


def test_publish_notes_and_themes_as_workshop_ideas(live, world, heimby_challenge):
    theme = create_theme(live, "Trafikk", actor=world.facilitator)
    t1, t2 = post_note(live, A, "Sykkelvei"), post_note(live, B, "Fartsdumper")
    set_note_theme(t1, theme)
    set_note_theme(t2, theme)
    loose = post_note(live, C, "Flere benker i parken " * 10)
    toggle_dot(t1, B)
    toggle_dot(t2, B)
    toggle_dot(loose, A)
    toggle_dot(loose, B)
    with pytest.raises(WorkshopError, match="tema"):
        publish_results(live, notes=[t1], actor=world.facilitator)
    ideas = publish_results(live, notes=[loose], themes=[theme], actor=world.facilitator)
    db.session.commit()
    theme_idea, note_idea = ideas
    assert theme_idea.title == "Trafikk" and "- Sykkelvei" in theme_idea.body
    assert theme_idea.workshop_vote_count == 1 and note_idea.workshop_vote_count == 2
    assert len(note_idea.title) <= 120 and note_idea.title.endswith("…")
    for idea in ideas:
        assert idea.channel is Channel.workshop and idea.support_count == 0
        assert idea.author_id is None and idea.challenge_id == heimby_challenge.id
    assert t1.idea_id == t2.idea_id == theme.idea_id == theme_idea.id
    links = db.session.scalars(select(WorkshopIdea)).all()
    origins = {link.idea_id: link.origin for link in links}
    assert origins == {theme_idea.id: IdeaOrigin.theme, note_idea.id: IdeaOrigin.note}
    # Published notes are frozen: no more dots, no second publishing.
    with pytest.raises(WorkshopError):
        toggle_dot(loose, C)
    with pytest.raises(WorkshopError):
        publish_results(live, notes=[loose], actor=world.facilitator)
    # Online supports are counted apart from the workshop's dots.
    support_idea(note_idea, world.citizen)
    db.session.refresh(note_idea)
    assert (note_idea.support_count, note_idea.workshop_vote_count) == (1, 2)


def test_publish_needs_an_open_or_assessing_challenge(world, create_challenge_f, create_workshop_f):
    draft = create_challenge_f(world.municipality, phase=Phase.draft)
    workshop = create_workshop_f(draft)
    note = post_note(workshop, A, "Tidlig idé")
    with pytest.raises(WorkshopError, match="åpen"):
        publish_results(workshop, notes=[note], actor=world.facilitator)
    with pytest.raises(WorkshopError, match="minst én"):
        draft.phase = Phase.open
        publish_results(workshop, actor=world.facilitator)


def test_offline_input_without_citizen_account(live, world, heimby_challenge):
    letter = register_offline_input(
        heimby_challenge,
        title="Brev om gatelys",
        body="Det er mørkt på Nordveien.",
        channel=Channel.registered,
        actor=world.facilitator,
    )
    postit = register_offline_input(
        heimby_challenge,
        title="Post-it: lekeplass",
        body="",
        channel=Channel.workshop,
        workshop=live,
        dots=5,
        actor=world.facilitator,
    )
    db.session.commit()
    assert letter.channel is Channel.registered and letter.author_id is None
    assert letter.visibility is Visibility.published and letter.workshop_vote_count == 0
    assert postit.channel is Channel.workshop and postit.workshop_vote_count == 5
    link = db.session.scalar(select(WorkshopIdea).where(WorkshopIdea.idea_id == postit.id))
    assert link.workshop_id == live.id and link.origin is IdeaOrigin.offline
    with pytest.raises(WorkshopError, match="verksted"):
        register_offline_input(
            heimby_challenge,
            title="x",
            body="",
            channel=Channel.registered,
            dots=2,
            actor=world.facilitator,
        )
    with pytest.raises(WorkshopError, match="kanalen verksted"):
        register_offline_input(
            heimby_challenge,
            title="x",
            body="",
            channel=Channel.registered,
            workshop=live,
            actor=world.facilitator,
        )
    with pytest.raises(WorkshopError):
        register_offline_input(
            heimby_challenge, title="x", body="", channel=Channel.web, actor=world.facilitator
        )
    assert db.session.scalar(select(func.count(Idea.id))) == 2


def test_idea_title_cuts_at_a_word():
    assert idea_title("Kort idé") == "Kort idé"
    long = idea_title("ord " * 60)
    assert len(long) <= 120 and long.endswith("ord…")


@pytest.mark.real_commits  # threads
def test_parallel_dots_never_exceed_the_budget(app, live):
    """Five clicks at once on five notes by one person with 3 dots: the database keeps ≤ 3."""
    notes = [post_note(live, A, f"Lapp {i}") for i in range(5)]
    db.session.commit()
    note_ids = [n.id for n in notes]
    barrier = threading.Barrier(len(note_ids))
    outcomes: list[str] = []

    def click(note_id: int) -> None:
        with app.app_context():
            note = db.session.get(WorkshopNote, note_id)
            barrier.wait()
            try:
                toggle_dot(note, B)
                db.session.commit()
                outcomes.append("placed")
            except WorkshopError:
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=click, args=(i,)) for i in note_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    placed = db.session.scalar(select(func.count()).where(WorkshopDot.participant_hash == B))
    assert len(outcomes) == 5 and 1 <= placed <= 3 and outcomes.count("placed") == placed
