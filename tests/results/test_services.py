"""Results' services: create and edit with their rules, public updates, links, milestones, the
move of the linked inputs to gjort, and the trace of a council decision."""

from datetime import date

import pytest
from sqlalchemy import func, select

from cocreate.extensions import db
from cocreate.hearings.models import Assessment, Hearing
from cocreate.ideas.models import Visibility
from cocreate.ideas.stages import Stage
from cocreate.notifications.models import Notification
from cocreate.pipeline.models import StageChange
from cocreate.pipeline.services import move_idea
from cocreate.refusals import NotAllowed
from cocreate.results.models import ResultInput, ResultStatus, ResultUpdate
from cocreate.results.queries import (
    DECLINED,
    PARTLY,
    TOOK_UP,
    decision_trace,
    input_counts,
    results_for_idea,
)
from cocreate.results.services import (
    ResultError,
    add_milestone,
    complete_milestone,
    create_result,
    link_inputs,
    link_statements,
    move_inputs_to_done,
    remove_milestone,
    report_progress,
    unlink_input,
    unlink_statement,
    update_result,
)
from tests.results.conftest import add_statement, events

ANSWER = "Tiltaket er gjennomført: busslommen og fotgjengerfeltet er bygget."


def test_create_renders_markdown_and_keeps_costs(results):
    result = results.result
    assert "<strong>busslomme</strong>" in result.description_html
    assert result.cost_estimate == 1_250_000 and result.actual_cost is None
    assert result.status is ResultStatus.planned and result.progress == 0
    assert result.department_id == results.transport.id
    assert events("result.created")[-1].subject_id == result.id


def test_costs_are_whole_non_negative_kroner(results):
    with pytest.raises(ResultError, match="Kostnadsoverslaget kan ikke være negativt"):
        update_result(
            results.result,
            title="Trygg skolevei",
            description="",
            department=None,
            cost_estimate=-5,
            actual_cost=None,
            decision_reference=None,
            actor=results.world.admin,
        )


def test_a_department_of_another_municipality_is_refused(results, create_user_f):
    from cocreate.cases.services import create_department

    elsewhere = create_department(results.world.other, name="Annet", email=None, actor=None)
    with pytest.raises(ResultError, match="annen kommune"):
        create_result(
            results.challenge, title="Tiltak", department=elsewhere, actor=results.world.admin
        )


def test_title_limits(results):
    with pytest.raises(ResultError, match="Tittelen"):
        create_result(results.challenge, title="ab", actor=results.world.admin)


@pytest.mark.parametrize("role", ["citizen", "officer", "other_admin"])
def test_only_staff_create_and_edit(results, role):
    with pytest.raises(NotAllowed):
        create_result(results.challenge, title="Et tiltak", actor=results.roles()[role])


def test_progress_updates_are_public_rows_and_rules_hold(results):
    result, admin = results.result, results.world.admin
    with pytest.raises(ResultError, match="hvorfor tiltaket er stanset"):
        report_progress(result, progress=10, status=ResultStatus.stopped, note="Stans", actor=admin)
    with pytest.raises(ResultError, match="Verken fremdriften"):
        report_progress(result, progress=0, status=ResultStatus.planned, note="Ingen", actor=admin)
    with pytest.raises(ResultError, match="0 til 100"):
        report_progress(result, progress=101, status=ResultStatus.under_way, note="x", actor=admin)
    report_progress(
        result, progress=50, status=ResultStatus.under_way, note="Halvveis", actor=admin
    )
    assert result.progress == 50 and result.done_at is None
    report_progress(result, progress=80, status=ResultStatus.done, note="Ferdig", actor=admin)
    assert result.progress == 100 and result.done_at is not None
    report_progress(
        result,
        progress=100,
        status=ResultStatus.stopped,
        note="Stanset",
        stop_reason="Pengene tok slutt.",
        actor=admin,
    )
    assert result.stop_reason == "Pengene tok slutt." and result.done_at is None
    rows = db.session.scalars(select(ResultUpdate).order_by(ResultUpdate.id)).all()
    assert [(u.progress, u.status) for u in rows] == [
        (50, ResultStatus.under_way),
        (100, ResultStatus.done),
        (100, ResultStatus.stopped),
    ]


def test_the_departments_case_officer_reports_progress_and_no_other(results):
    result = results.result
    report_progress(
        result, progress=20, status=ResultStatus.under_way, note="I gang", actor=results.officer
    )
    assert result.progress == 20
    with pytest.raises(NotAllowed):
        report_progress(
            result,
            progress=30,
            status=ResultStatus.under_way,
            note="x",
            actor=results.other_officer,
        )
    with pytest.raises(NotAllowed):
        link_inputs(result, results.ideas, actor=results.officer)


def test_link_and_unlink_inputs(results, create_challenge_f, create_idea_f):
    result, admin = results.result, results.world.admin
    assert link_inputs(result, results.ideas[:2], actor=admin) == 2
    assert link_inputs(result, results.ideas, actor=admin) == 2  # the first two were linked
    assert input_counts([result.id]) == {result.id: 4}
    # An input of another challenge of the same municipality may be linked.
    other = create_challenge_f(results.world.municipality, title="Et annet spørsmål")
    idea = create_idea_f(other, results.world.citizen, title="Benker i parken")
    assert link_inputs(result, [idea], actor=admin) == 1
    # Not one of another municipality, nor a hidden one.
    foreign = create_idea_f(create_challenge_f(results.world.other), results.world.citizen)
    with pytest.raises(ResultError, match="annen kommune"):
        link_inputs(result, [foreign], actor=admin)
    hidden = results.ideas[0]
    unlink_input(result, hidden, actor=admin)
    hidden.visibility = Visibility.hidden
    hidden.hidden_reason = "spam"
    with pytest.raises(ResultError, match="ikke offentlig"):
        link_inputs(result, [hidden], actor=admin)
    with pytest.raises(ResultError, match="ikke knyttet"):
        unlink_input(result, hidden, actor=admin)
    assert db.session.scalar(select(func.count()).select_from(ResultInput)) == 4


def test_link_and_unlink_statements(results):
    result, admin = results.result, results.world.admin
    assert link_statements(result, [results.statement], actor=admin) == 1
    elsewhere = Hearing(
        municipality_id=results.world.other.id,
        title="Bortby-høring",
        opens_on=date(2026, 1, 1),
        deadline=date(2026, 2, 1),
    )
    db.session.add(elsewhere)
    db.session.flush()
    foreign = add_statement(elsewhere, "Fra en annen kommune.")
    with pytest.raises(ResultError, match="annen kommune"):
        link_statements(result, [foreign], actor=admin)
    unlink_statement(result, results.statement, actor=admin)
    with pytest.raises(ResultError):
        unlink_statement(result, results.statement, actor=admin)


def test_milestones(results):
    result, admin = results.result, results.world.admin
    first = add_milestone(result, title="Prosjektering", due_on=date(2026, 5, 1), actor=admin)
    second = add_milestone(result, title="Bygging", due_on=date(2026, 9, 1), actor=admin)
    complete_milestone(first, result, actor=results.officer)  # the department's officer may
    assert first.done_on is not None
    with pytest.raises(ResultError, match="allerede"):
        complete_milestone(first, result, actor=admin)
    with pytest.raises(NotAllowed):
        remove_milestone(second, result, actor=results.officer)
    remove_milestone(second, result, actor=admin)
    with pytest.raises(ResultError, match="Milepælen"):
        add_milestone(result, title="", due_on=date(2026, 9, 1), actor=admin)


def test_done_result_moves_its_inputs_to_gjort_and_skips_final_ones(results):
    result, admin = results.result, results.world.admin
    link_inputs(result, results.ideas, actor=admin)
    with pytest.raises(ResultError, match="først når tiltaket er gjennomført"):
        move_inputs_to_done(result, answer=ANSWER, actor=admin)
    move_idea(
        results.ideas[3], Stage.declined, answer="Vi går ikke videre med dette nå.", actor=admin
    )
    report_progress(result, progress=100, status=ResultStatus.done, note="Ferdig", actor=admin)
    changes, skipped = move_inputs_to_done(result, answer=ANSWER, actor=admin)
    assert {c.idea_id for c in changes} == {i.id for i in results.ideas[:3]}
    assert skipped == [results.ideas[3]]
    assert [i.stage for i in results.ideas] == [Stage.done] * 3 + [Stage.declined]
    assert all(c.reference == "2026/123" for c in changes)
    with pytest.raises(ResultError, match="Ingen av innspillene"):
        move_inputs_to_done(result, answer=ANSWER, actor=admin)


def test_moving_to_gjort_is_all_or_nothing(results):
    from cocreate.answers.bulk import BulkRefused

    result, admin = results.result, results.world.admin
    link_inputs(result, results.ideas, actor=admin)
    report_progress(result, progress=100, status=ResultStatus.done, note="Ferdig", actor=admin)
    # The case officer may not move inputs of another department (not staff): nothing moves.
    with pytest.raises(NotAllowed):
        move_inputs_to_done(result, answer=ANSWER, actor=results.officer)
    with pytest.raises(ResultError, match="Svaret"):
        move_inputs_to_done(result, answer="For kort", actor=admin)
    before = db.session.scalar(select(func.count()).select_from(StageChange))
    assert before == 0
    assert BulkRefused  # the bulk answer's own all-or-nothing is tested in tests/answers


def test_one_notification_per_person_per_update(results):
    result, admin = results.result, results.world.admin
    link_inputs(result, results.ideas, actor=admin)
    report_progress(
        result, progress=50, status=ResultStatus.under_way, note="Halvveis", actor=admin
    )
    kinds = db.session.execute(
        select(Notification.user_id, func.count())
        .where(Notification.kind == "result_updated")
        .group_by(Notification.user_id)
    ).all()
    people = {results.world.author.id, results.world.citizen.id, results.supporter.id}
    people.add(results.follower.id)
    assert dict(kinds) == dict.fromkeys(people, 1)


def test_results_for_idea_and_drafts(results):
    link_inputs(results.result, results.ideas[:1], actor=results.world.admin)
    assert results_for_idea(results.ideas[0].id) == [results.result]
    assert results_for_idea(results.ideas[1].id) == []


def test_decision_trace(results):
    result, admin = results.result, results.world.admin
    link_inputs(result, results.ideas[:2], actor=admin)
    link_statements(result, [results.statement], actor=admin)
    move_idea(
        results.ideas[2],
        Stage.decided,
        answer="Vedtatt i kommunestyret i mars.",
        actor=admin,
        reference="2026/123",
    )
    move_idea(
        results.ideas[3],
        Stage.declined,
        answer="Kommunestyret sa nei til dette.",
        actor=admin,
        reference="2026/123",
    )
    trace = decision_trace(results.world.municipality.id, "2026/123")
    assert trace.results == [result]
    outcomes = {item.idea.id: item.outcome for item in trace.inputs}
    ids = [i.id for i in results.ideas]
    assert outcomes == {ids[0]: TOOK_UP, ids[1]: TOOK_UP, ids[2]: TOOK_UP, ids[3]: DECLINED}
    answers = {item.idea.id: item.answer.answer if item.answer else None for item in trace.inputs}
    assert answers[ids[3]] == "Kommunestyret sa nei til dette."
    assert [(s.statement.id, s.outcome) for s in trace.statements] == [
        (results.statement.id, PARTLY)
    ]
    # Another municipality's trace of the same reference is empty; hidden inputs drop out.
    assert decision_trace(results.world.other.id, "2026/123").inputs == []
    results.ideas[3].visibility = Visibility.hidden
    results.ideas[3].hidden_reason = "spam"
    db.session.flush()
    trace = decision_trace(results.world.municipality.id, "2026/123")
    assert ids[3] not in {item.idea.id for item in trace.inputs}
    assert Assessment.partly  # statements keep their own assessment


def test_no_notices_for_a_result_of_a_draft_challenge(results, create_challenge_f):
    from cocreate.challenges.models import Phase

    admin = results.world.admin
    draft = create_challenge_f(results.world.municipality, phase=Phase.draft, title="Utkast")
    result = create_result(draft, title="Et utkast til tiltak", actor=admin)
    link_inputs(result, results.ideas, actor=admin)
    report_progress(result, progress=10, status=ResultStatus.under_way, note="x", actor=admin)
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def test_a_cost_larger_than_the_column_is_refused(results):
    with pytest.raises(ResultError, match="Beløpet kan være høyst 2 147 483 647 kroner"):
        create_result(
            results.challenge, title="Stort tiltak", actual_cost=2**31, actor=results.world.admin
        )
