"""Imports every feature's models so that db.metadata (and so Alembic) sees all tables; and
makes or drops the whole schema without the migrations (tests, benchmarks)."""

from .accounts.models import Membership, ParticipantProfile, User
from .answers.models import AnswerTemplate, IdeaNote
from .archive.models import ArchiveCase, ArchivedAnswer, ArchivedInput
from .audit.models import AuditEvent
from .budgeting.models import Ballot, BallotItem, Budget, BudgetProject, PaperCode
from .cases.models import CaseReminder, Department, DepartmentMember
from .challenge_templates.models import ChallengeTemplate, ChallengeTemplateUse
from .challenges.models import Challenge, TopicFollow
from .embeds.models import EmbedOrigin
from .extensions import db
from .gallery.models import Adoption
from .hearings.models import (
    Consultee,
    Hearing,
    HearingAttachment,
    HearingConsultee,
    HearingSection,
    HearingVersion,
    Statement,
    StoredFile,
)
from .ideas.models import (
    Comment,
    Follow,
    Idea,
    Vote,
    create_search_tables,
    drop_search_tables,
)
from .meetings.models import Meeting, MeetingIdea, MeetingSignup
from .members.models import Invitation
from .metrics.models import MetricsSnapshot, PopulationReference, PublicMeasure, SurveyResponse
from .moderation.models import ModerationAction, Report
from .municipalities.models import District, Municipality
from .notifications.models import EmailOptOut, Notification, OutboxMessage
from .oidc.models import ExternalIdentity
from .page_generations import PageGeneration
from .pipeline.models import StageChange
from .places.models import ChallengePlaceSettings, IdeaPlace, MunicipalityBounds
from .privacy.models import ConsentRecord, InactivityWarning, PrivacyStatement
from .proposals.models import CitizenProposal, ProposalFollow, ProposalMove, ProposalReminder
from .reference.models import Goal, Principle, TargetImage
from .results.models import (
    Result,
    ResultInput,
    ResultMilestone,
    ResultStatement,
    ResultUpdate,
)
from .search.index import create_search_index, drop_search_index
from .translation.models import ContentTranslation
from .workshops.models import (
    Workshop,
    WorkshopCheckin,
    WorkshopCheckinCount,
    WorkshopDot,
    WorkshopIdea,
    WorkshopNote,
    WorkshopTheme,
)


def create_all() -> None:
    """Every table of the models, with the search index the migrations also make."""
    db.create_all()
    with db.engine.begin() as connection:
        create_search_tables(connection)
        create_search_index(connection)


def drop_all() -> None:
    with db.engine.begin() as connection:
        drop_search_index(connection)
        drop_search_tables(connection)
    db.drop_all()


__all__ = [
    "Adoption",
    "AnswerTemplate",
    "ArchiveCase",
    "ArchivedAnswer",
    "ArchivedInput",
    "AuditEvent",
    "Ballot",
    "BallotItem",
    "Budget",
    "BudgetProject",
    "CaseReminder",
    "Challenge",
    "ChallengePlaceSettings",
    "ChallengeTemplate",
    "ChallengeTemplateUse",
    "CitizenProposal",
    "Comment",
    "ConsentRecord",
    "Consultee",
    "ContentTranslation",
    "Department",
    "DepartmentMember",
    "District",
    "EmailOptOut",
    "EmbedOrigin",
    "ExternalIdentity",
    "Follow",
    "Goal",
    "Hearing",
    "HearingAttachment",
    "HearingConsultee",
    "HearingSection",
    "HearingVersion",
    "Idea",
    "IdeaNote",
    "IdeaPlace",
    "InactivityWarning",
    "Invitation",
    "Meeting",
    "MeetingIdea",
    "MeetingSignup",
    "Membership",
    "MetricsSnapshot",
    "ModerationAction",
    "Municipality",
    "MunicipalityBounds",
    "Notification",
    "OutboxMessage",
    "PageGeneration",
    "PaperCode",
    "ParticipantProfile",
    "PopulationReference",
    "Principle",
    "PrivacyStatement",
    "ProposalFollow",
    "ProposalMove",
    "ProposalReminder",
    "PublicMeasure",
    "Report",
    "Result",
    "ResultInput",
    "ResultMilestone",
    "ResultStatement",
    "ResultUpdate",
    "StageChange",
    "Statement",
    "StoredFile",
    "SurveyResponse",
    "TargetImage",
    "TopicFollow",
    "User",
    "Vote",
    "Workshop",
    "WorkshopCheckin",
    "WorkshopCheckinCount",
    "WorkshopDot",
    "WorkshopIdea",
    "WorkshopNote",
    "WorkshopTheme",
]
