"""The report's own reads of inputs, answers, workshop themes, hearings and results. Each
returns a Select; the builders run them. Inputs are the published ideas the measures count
(metrics.contributions.INPUT_VISIBILITY); a hearing counts every statement it received, since
every one is answered (pbl § 5-2)."""

from sqlalchemy import Select, func, select

from ..hearings.models import Hearing, HearingConsultee, HearingSection, Statement
from ..ideas.models import Idea, Visibility
from ..metrics.contributions import INPUT_VISIBILITY
from ..municipalities.models import District
from ..pipeline.models import ANSWER_KINDS, StageChange
from ..results.models import Result, ResultInput, ResultStatement
from ..workshops.models import Workshop, WorkshopNote, WorkshopTheme


def _inputs(challenge_id: int) -> list:
    return [Idea.challenge_id == challenge_id, Idea.visibility.in_(INPUT_VISIBILITY)]


def inputs_by_district(challenge_id: int) -> Select:
    """(district name or None, inputs), the most first."""
    n = func.count(Idea.id)
    return (
        select(District.name, n)
        .select_from(Idea)
        .outerjoin(District, District.id == Idea.district_id)
        .where(*_inputs(challenge_id))
        .group_by(District.name)
        .order_by(n.desc(), District.name)
    )


def inputs_by_stage(challenge_id: int) -> Select:
    """(stage, inputs) where each input stands now."""
    return (
        select(Idea.stage, func.count(Idea.id)).where(*_inputs(challenge_id)).group_by(Idea.stage)
    )


def top_inputs(challenge_id: int, limit: int = 5) -> Select:
    """The inputs with the most support: (title, supports, stage)."""
    return (
        select(Idea.title, Idea.support_count, Idea.stage)
        .where(*_inputs(challenge_id))
        .order_by(Idea.support_count.desc(), Idea.id)
        .limit(limit)
    )


def answer_examples(challenge_id: int, limit: int = 3) -> Select:
    """The newest public answers (moves and corrections): (input title, stage, answer)."""
    return (
        select(Idea.title, StageChange.to_stage, StageChange.answer)
        .join(Idea, Idea.id == StageChange.idea_id)
        .where(*_inputs(challenge_id), StageChange.kind.in_(ANSWER_KINDS))
        .order_by(StageChange.created_at.desc(), StageChange.id.desc())
        .limit(limit)
    )


def workshop_themes(challenge_id: int) -> Select:
    """The workshops' themes with their notes (hidden and merged notes left out):
    (workshop title, theme title, notes)."""
    n = func.count(WorkshopNote.id)
    return (
        select(Workshop.title, WorkshopTheme.title, n)
        .select_from(WorkshopTheme)
        .join(Workshop, Workshop.id == WorkshopTheme.workshop_id)
        .outerjoin(
            WorkshopNote,
            (WorkshopNote.theme_id == WorkshopTheme.id)
            & WorkshopNote.hidden.is_(False)
            & WorkshopNote.merged_into_id.is_(None),
        )
        .where(Workshop.challenge_id == challenge_id)
        .group_by(Workshop.id, Workshop.title, WorkshopTheme.id, WorkshopTheme.title)
        .order_by(Workshop.id, n.desc(), WorkshopTheme.id)
    )


def challenge_results(challenge_id: int) -> Select:
    """The challenge's results with their linked inputs: (Result, inputs)."""
    linked = (
        select(func.count())
        .select_from(ResultInput)
        .where(ResultInput.result_id == Result.id)
        .scalar_subquery()
    )
    return (
        select(Result, linked)
        .where(Result.challenge_id == challenge_id)
        .order_by(Result.created_at, Result.id)
    )


# --- hearings --------------------------------------------------------------------------------


def _statements(hearing_id: int) -> list:
    return [Statement.hearing_id == hearing_id]


def statements_by(hearing_id: int, column) -> Select:
    """(value, statements) grouped by one of Statement's columns (sender kind, channel,
    assessment, late)."""
    return select(column, func.count(Statement.id)).where(*_statements(hearing_id)).group_by(column)


def statements_by_section(hearing_id: int) -> Select:
    """(section number or None for the whole document, heading, statements), in the
    document's order."""
    return (
        select(HearingSection.number, HearingSection.heading, func.count(Statement.id))
        .select_from(Statement)
        .outerjoin(HearingSection, HearingSection.id == Statement.section_id)
        .where(*_statements(hearing_id))
        .group_by(HearingSection.number, HearingSection.heading)
        .order_by(HearingSection.number.is_not(None), HearingSection.number)
    )


def assessed_statements(hearing_id: int, limit: int = 5) -> Select:
    """A few assessed public statements (never one hidden by moderation), the newest
    assessment first."""
    return (
        select(Statement)
        .where(
            *_statements(hearing_id),
            Statement.assessment.is_not(None),
            Statement.visibility == Visibility.published,
        )
        .order_by(Statement.assessed_at.desc(), Statement.id.desc())
        .limit(limit)
    )


def consultee_letters(hearing_id: int) -> Select:
    """(consultees on the hearing's list, letters sent)."""
    return select(func.count(), func.count(HearingConsultee.letter_sent_at)).where(
        HearingConsultee.hearing_id == hearing_id
    )


def hearing_results(hearing: Hearing) -> Select:
    """Results that take up a statement of this hearing: (Result, its statements from it)."""
    linked = func.count(ResultStatement.statement_id)
    return (
        select(Result, linked)
        .join(ResultStatement, ResultStatement.result_id == Result.id)
        .join(Statement, Statement.id == ResultStatement.statement_id)
        .where(Statement.hearing_id == hearing.id)
        .group_by(Result.id)
        .order_by(Result.created_at, Result.id)
    )
