"""Reporting and moderation acts: state, counters, reports closed, and the two logs."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from cocreate.accounts.models import Membership, Role
from cocreate.accounts.permissions import can_participate
from cocreate.audit.models import AuditEvent
from cocreate.extensions import db
from cocreate.ideas.models import Comment, CommentVisibility, Follow, Idea, Visibility, Vote
from cocreate.ideas.services import follow_idea, post_comment, support_idea
from cocreate.moderation.models import (
    ActionKind,
    ModerationAction,
    Report,
    ReportStatus,
    SubjectType,
)
from cocreate.moderation.services import (
    REPORTS_PER_HOUR,
    ModerationError,
    approve_idea,
    dismiss_reports,
    hide_content,
    merge_ideas,
    reject_idea,
    report_content,
    restore_content,
    suspend_user,
    unsuspend_user,
)

NOTE = "Bryter retningslinjene for debatt."


def _actions() -> list[ModerationAction]:
    return db.session.scalars(select(ModerationAction).order_by(ModerationAction.id)).all()


def _events(prefix: str = "moderation.") -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.event.startswith(prefix)).order_by(AuditEvent.id)
    return db.session.scalars(query).all()


# --- reporting --------------------------------------------------------------------------------


def test_report_is_stored_for_the_queue(world, idea):
    report = report_content(idea, reporter=world.citizen, reason="spam", text=" Reklame. ")
    db.session.commit()
    assert report.municipality_id == world.municipality.id
    assert (report.subject_type, report.subject_id) == (SubjectType.idea, idea.id)
    assert (report.reason, report.text, report.status) == ("spam", "Reklame.", ReportStatus.open)
    assert report.reporter_id == world.citizen.id
    [event] = _events("report.created")
    assert event.actor_id == world.citizen.id and event.data["reason"] == "spam"


def test_comment_report_belongs_to_the_ideas_municipality(world, comment):
    report = report_content(comment, reporter=world.citizen, reason="hets")
    assert report.subject_type is SubjectType.comment
    assert report.municipality_id == world.municipality.id


def test_one_open_report_per_person_and_subject(world, idea, comment):
    report_content(idea, reporter=world.citizen, reason="spam")
    with pytest.raises(ModerationError, match="allerede rapportert"):
        report_content(idea, reporter=world.citizen, reason="hets")
    # Others may report it, and the same person may report another subject.
    report_content(idea, reporter=world.other_facilitator, reason="spam")
    report_content(comment, reporter=world.citizen, reason="spam")
    dismiss_reports(idea, note=NOTE, actor=world.facilitator)
    # Once handled, a new report of the same thing is a new case.
    report_content(idea, reporter=world.citizen, reason="hets")
    db.session.commit()
    assert db.session.scalar(select(func.count(Report.id))) == 4


def test_database_refuses_a_second_open_report(world, idea):
    fields = {
        "municipality_id": world.municipality.id,
        "subject_type": SubjectType.idea,
        "subject_id": idea.id,
        "reason": "spam",
        "reporter_id": world.citizen.id,
    }
    db.session.add(Report(**fields, status=ReportStatus.dismissed))
    db.session.add(Report(**fields))
    db.session.flush()
    db.session.add(Report(**fields))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize(
    ("reason", "text", "message"),
    [("tull", "", "grunn"), ("spam", "x" * 1001, "1000"), ("", "", "grunn")],
)
def test_bad_report_is_refused(world, idea, reason, text, message):
    with pytest.raises(ModerationError, match=message):
        report_content(idea, reporter=world.citizen, reason=reason, text=text)
    assert db.session.scalar(select(func.count(Report.id))) == 0


def test_reports_per_person_are_capped_per_hour(world, challenge, create_idea_f):
    ideas = [create_idea_f(challenge, world.author, title=f"Idé {n}") for n in range(11)]
    for idea in ideas[:REPORTS_PER_HOUR]:
        report_content(idea, reporter=world.citizen, reason="spam")
    with pytest.raises(ModerationError, match="mange rapporter"):
        report_content(ideas[REPORTS_PER_HOUR], reporter=world.citizen, reason="spam")
    # The cap is per person.
    report_content(ideas[REPORTS_PER_HOUR], reporter=world.other_facilitator, reason="spam")


# --- hide, restore, placeholder ----------------------------------------------------------------


def test_hide_idea_records_the_reason_and_closes_reports(world, idea):
    report_content(idea, reporter=world.citizen, reason="spam")
    action = hide_content(idea, reason="spam", note=NOTE, actor=world.facilitator)
    db.session.commit()
    assert idea.visibility is Visibility.hidden and idea.hidden_reason == "spam"
    assert (action.action, action.reason, action.note) == (ActionKind.hide, "spam", NOTE)
    assert action.actor_id == world.facilitator.id
    assert db.session.scalar(select(Report.status)) is ReportStatus.resolved
    assert db.session.scalar(select(Report.resolved_by_id)) == world.facilitator.id


def test_hide_and_restore_comment_keep_the_counter(world, idea, comment):
    post_comment(idea, body="En annen kommentar", author=world.citizen)
    db.session.commit()
    assert db.session.get(Idea, idea.id).comment_count == 2
    hide_content(comment, reason="hets", note=NOTE, actor=world.facilitator)
    db.session.commit()
    db.session.refresh(idea)
    assert comment.visibility is CommentVisibility.hidden and idea.comment_count == 1
    assert comment.hidden_reason == "hets"
    restore_content(comment, note="Feilvurdering.", actor=world.admin)
    db.session.commit()
    db.session.refresh(idea)
    assert comment.visibility is CommentVisibility.published and comment.hidden_reason is None
    assert idea.comment_count == 2
    assert [a.action for a in _actions()] == [ActionKind.hide, ActionKind.restore]


def test_restore_idea(world, idea):
    hide_content(idea, reason="utenfor_tema", note=NOTE, actor=world.facilitator)
    restore_content(idea, note="Hører hjemme her likevel.", actor=world.facilitator)
    assert idea.visibility is Visibility.published and idea.hidden_reason is None
    with pytest.raises(ModerationError):
        restore_content(idea, note=NOTE, actor=world.facilitator)


@pytest.mark.parametrize(("reason", "note"), [("spam", ""), ("spam", "   "), ("nei", NOTE)])
def test_hide_needs_reason_and_note_and_saves_nothing_otherwise(world, idea, reason, note):
    with pytest.raises(ModerationError):
        hide_content(idea, reason=reason, note=note, actor=world.facilitator)
    assert idea.visibility is Visibility.published
    assert _actions() == [] and _events() == []


def test_hidden_content_cannot_be_hidden_twice(world, idea):
    hide_content(idea, reason="spam", note=NOTE, actor=world.facilitator)
    with pytest.raises(ModerationError):
        hide_content(idea, reason="spam", note=NOTE, actor=world.facilitator)


# --- pre-moderation ----------------------------------------------------------------------------


@pytest.fixture
def pending_idea(world, create_challenge_f, create_idea_f):
    challenge = create_challenge_f(world.municipality, premoderation=True, title="Forhåndsmod.")
    idea = create_idea_f(challenge, world.author, title="Venter")
    assert idea.visibility is Visibility.pending
    return idea


def test_approve_publishes_a_pending_idea(world, pending_idea):
    approve_idea(pending_idea, note="Innenfor retningslinjene.", actor=world.facilitator)
    assert pending_idea.visibility is Visibility.published
    with pytest.raises(ModerationError):
        approve_idea(pending_idea, note=NOTE, actor=world.facilitator)


def test_reject_hides_a_pending_idea_with_a_reason(world, pending_idea):
    action = reject_idea(pending_idea, reason="personopplysninger", note=NOTE, actor=world.admin)
    assert pending_idea.visibility is Visibility.hidden
    assert pending_idea.hidden_reason == "personopplysninger"
    assert action.action is ActionKind.reject and action.reason == "personopplysninger"


# --- merge -------------------------------------------------------------------------------------


@pytest.fixture
def merge_case(world, challenge, create_idea_f, create_user_f):
    """Duplicate supported by a, b, c; target by b, d. Both ideas have comments and followers."""
    people = {key: create_user_f(f"{key}@example.no") for key in "abcde"}
    duplicate = create_idea_f(challenge, world.author, title="Benker i parken (igjen)")
    target = create_idea_f(challenge, world.citizen, title="Flere benker i parken")
    for key in "abc":
        support_idea(duplicate, people[key])
    for key in "bd":
        support_idea(target, people[key])
    follow_idea(duplicate, people["e"])
    follow_idea(duplicate, world.citizen)  # already follows the target (its author)
    top = post_comment(duplicate, body="Enig!", author=people["a"])
    post_comment(duplicate, body="Svar", author=people["b"], parent=top)
    hidden = post_comment(duplicate, body="Kjøp billig!", author=people["c"])
    post_comment(target, body="Godt forslag", author=people["d"])
    hide_content(hidden, reason="spam", note=NOTE, actor=world.facilitator)
    report_content(duplicate, reporter=people["e"], reason="annet", text="Duplikat")
    db.session.commit()
    return duplicate, target, people


def test_merge_moves_supports_comments_and_followers_without_double_votes(world, merge_case):
    duplicate, target, people = merge_case
    action = merge_ideas(duplicate, target, note="Samme forslag.", actor=world.facilitator)
    db.session.commit()
    db.session.expire_all()
    duplicate, target = db.session.get(Idea, duplicate.id), db.session.get(Idea, target.id)

    voters = db.session.scalars(select(Vote.user_id).where(Vote.idea_id == target.id)).all()
    assert sorted(voters) == sorted(people[k].id for k in "abcd")  # b only once
    assert target.support_count == 4
    assert db.session.scalar(select(func.count(Vote.id))) == 4  # b's second support dropped
    assert duplicate.support_count == 0 and duplicate.comment_count == 0

    comments = db.session.scalars(select(Comment).where(Comment.idea_id == target.id)).all()
    assert len(comments) == 4
    assert target.comment_count == 3  # the hidden comment moves but is not counted
    assert {c.parent_id for c in comments if c.parent_id} <= {c.id for c in comments}

    followers = db.session.scalars(select(Follow.user_id).where(Follow.idea_id == target.id)).all()
    assert sorted(followers) == sorted({world.citizen.id, world.author.id, people["e"].id})
    assert (
        db.session.scalar(select(func.count(Follow.id)).where(Follow.idea_id == duplicate.id)) == 0
    )

    assert duplicate.visibility is Visibility.merged and duplicate.merged_into_id == target.id
    assert db.session.scalar(select(Report.status)) is ReportStatus.resolved
    assert (action.action, action.subject_id, action.target_id) == (
        ActionKind.merge,
        duplicate.id,
        target.id,
    )
    [event] = _events("moderation.merge")
    assert event.data["target_id"] == target.id and event.subject_id == duplicate.id


def test_merged_counts_match_the_rows(world, merge_case):
    duplicate, target, _people = merge_case
    merge_ideas(duplicate, target, note="Samme forslag.", actor=world.facilitator)
    db.session.commit()
    for idea in db.session.scalars(select(Idea)):
        votes = db.session.scalar(select(func.count(Vote.id)).where(Vote.idea_id == idea.id))
        shown = db.session.scalar(
            select(func.count(Comment.id)).where(
                Comment.idea_id == idea.id, Comment.visibility == CommentVisibility.published
            )
        )
        assert (idea.support_count, idea.comment_count) == (votes, shown)


def test_merge_adds_up_workshop_votes_apart_from_supports(world, merge_case):
    duplicate, target, _people = merge_case
    duplicate.workshop_vote_count, target.workshop_vote_count = 3, 2  # dots from a workshop
    db.session.commit()
    merge_ideas(duplicate, target, note="Samme forslag.", actor=world.facilitator)
    db.session.commit()
    assert (target.workshop_vote_count, target.support_count) == (5, 4)
    assert duplicate.workshop_vote_count == 0


def test_merge_refuses_bad_pairs(world, idea, other_idea, create_idea_f, challenge):
    with pytest.raises(ModerationError, match="seg selv"):
        merge_ideas(idea, idea, note=NOTE, actor=world.facilitator)
    with pytest.raises(ModerationError, match="samme utfordring"):
        merge_ideas(idea, other_idea, note=NOTE, actor=world.facilitator)
    hidden = create_idea_f(challenge, world.citizen, title="Skjult")
    hide_content(hidden, reason="spam", note=NOTE, actor=world.facilitator)
    with pytest.raises(ModerationError, match="publisert"):
        merge_ideas(idea, hidden, note=NOTE, actor=world.facilitator)
    target = create_idea_f(challenge, world.citizen, title="Mål")
    merge_ideas(idea, target, note=NOTE, actor=world.facilitator)
    with pytest.raises(ModerationError, match="allerede"):
        merge_ideas(idea, target, note=NOTE, actor=world.facilitator)
    # A merged idea is no target either, so chains and cycles cannot form.
    third = create_idea_f(challenge, world.citizen, title="Tredje")
    with pytest.raises(ModerationError, match="publisert"):
        merge_ideas(third, idea, note=NOTE, actor=world.facilitator)


def test_database_keeps_merged_and_target_together(world, idea):
    idea.visibility = Visibility.merged
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


# --- suspension --------------------------------------------------------------------------------


def test_suspend_only_in_that_municipality(world, citizen_took_part):
    assert can_participate(world.citizen, world.municipality)
    suspend_user(world.citizen, world.municipality, note=NOTE, actor=world.facilitator)
    db.session.commit()
    membership = db.session.scalar(select(Membership).where(Membership.user_id == world.citizen.id))
    assert membership.role is Role.citizen and membership.suspended_at is not None
    assert not can_participate(world.citizen, world.municipality)
    assert can_participate(world.citizen, world.other)
    unsuspend_user(world.citizen, world.municipality, note="Ny sjanse.", actor=world.admin)
    db.session.commit()
    assert can_participate(world.citizen, world.municipality)
    assert [a.action for a in _actions()] == [ActionKind.suspend, ActionKind.unsuspend]
    assert [e.event for e in _events()] == ["moderation.suspend", "moderation.unsuspend"]
    assert all(a.subject_type is SubjectType.user for a in _actions())


def test_suspend_keeps_an_existing_role_elsewhere(world, idea):
    support_idea(idea, world.other_facilitator)
    suspend_user(world.other_facilitator, world.municipality, note=NOTE, actor=world.facilitator)
    assert not can_participate(world.other_facilitator, world.municipality)
    assert can_participate(world.other_facilitator, world.other)


def test_suspend_refusals(world, citizen_took_part):
    with pytest.raises(ModerationError, match="Fasilitatorer"):
        suspend_user(world.admin, world.municipality, note=NOTE, actor=world.facilitator)
    with pytest.raises(ModerationError, match="deg selv"):
        suspend_user(world.facilitator, world.municipality, note=NOTE, actor=world.facilitator)
    with pytest.raises(ModerationError, match="ikke utestengt"):
        unsuspend_user(world.citizen, world.municipality, note=NOTE, actor=world.facilitator)
    suspend_user(world.citizen, world.municipality, note=NOTE, actor=world.facilitator)
    with pytest.raises(ModerationError, match="allerede"):
        suspend_user(world.citizen, world.municipality, note=NOTE, actor=world.facilitator)


# --- every act is logged twice ----------------------------------------------------------------


def test_every_act_writes_one_log_row_and_one_audit_event(
    world, idea, comment, create_challenge_f, create_idea_f
):
    challenge = create_challenge_f(world.municipality, premoderation=True, title="Forhånd")
    pending = [create_idea_f(challenge, world.author, title=f"P{n}") for n in range(2)]
    target = create_idea_f(idea.challenge, world.citizen, title="Mål")
    report_content(comment, reporter=world.citizen, reason="spam")
    actor = world.facilitator
    hide_content(idea, reason="spam", note="n1", actor=actor)
    restore_content(idea, note="n2", actor=actor)
    approve_idea(pending[0], note="n3", actor=actor)
    reject_idea(pending[1], reason="annet", note="n4", actor=actor)
    merge_ideas(idea, target, note="n5", actor=actor)
    suspend_user(world.citizen, world.municipality, note="n6", actor=actor)
    unsuspend_user(world.citizen, world.municipality, note="n7", actor=actor)
    dismiss_reports(comment, note="n8", actor=actor)
    db.session.commit()
    actions = _actions()
    assert [a.action for a in actions] == list(ActionKind)
    assert [a.note for a in actions] == [f"n{n}" for n in range(1, 9)]
    assert all(a.actor_id == actor.id for a in actions)
    assert all(a.municipality_id == world.municipality.id for a in actions)
    events = _events()
    assert [e.event for e in events] == [f"moderation.{kind.value}" for kind in ActionKind]
    assert [e.data["action_id"] for e in events] == [a.id for a in actions]
