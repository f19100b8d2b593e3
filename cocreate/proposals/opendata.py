"""The open-data package's innbyggerforslag (exports/opendata.py adds them): every proposal of
the municipality and its public moves. Never signers (Samskap keeps none), never the initiators'
contact address, their names only with their consent."""

from typing import Any

from sqlalchemy import Select, case, select

from ..municipalities.models import Municipality
from .models import CitizenProposal, ProposalChannel, ProposalMove, ProposalState

# The CSV writer's formula rule (exports/writers.CsvWriter), stated on every free-text field.
TEXT_RULE = (
    "Tekst som begynner med likhetstegn, pluss, minus, krøllalfa, tabulator eller vognretur "
    "(også etter apostrofer) har fått én apostrof (') foran, så regneark ikke kjører den som "
    "formel. Fjern den ene apostrofen for å få originalteksten."
)
STATES = [s.value for s in ProposalState]


def _field(name: str, type_: str, description: str, **extra: Any) -> dict[str, Any]:
    if type_ == "string" and "enum" not in extra.get("constraints", {}):
        description = f"{description}. {TEXT_RULE}"
    return {"name": name, "type": type_, "description": description, **extra}


def _proposals(m: Municipality) -> Select:
    return (
        select(
            CitizenProposal.id,
            CitizenProposal.title,
            CitizenProposal.matter,
            case((CitizenProposal.initiators_public, CitizenProposal.initiators), else_=""),
            CitizenProposal.channel,
            CitizenProposal.source_url,
            CitizenProposal.signatures,
            CitizenProposal.valid_signatures,
            CitizenProposal.submitted_on,
            CitizenProposal.state,
            CitizenProposal.case_reference,
            CitizenProposal.decided_at,
            CitizenProposal.same_content,
            CitizenProposal.same_reason,
            CitizenProposal.same_as_id,
        )
        .where(CitizenProposal.municipality_id == m.id)
        .order_by(CitizenProposal.id)
    )


def _moves(m: Municipality) -> Select:
    return (
        select(
            ProposalMove.id,
            ProposalMove.proposal_id,
            ProposalMove.from_state,
            ProposalMove.to_state,
            ProposalMove.answer,
            ProposalMove.reference,
            ProposalMove.created_at,
        )
        .join(CitizenProposal, CitizenProposal.id == ProposalMove.proposal_id)
        .where(CitizenProposal.municipality_id == m.id)
        .order_by(ProposalMove.id)
    )


PROPOSAL_RESOURCES: list[tuple[str, str, Any, list[dict[str, Any]], list[str], list[dict]]] = [
    (
        "proposals",
        "Innbyggerforslag (kommuneloven § 12-1) med underskrifter, frist og vedtak",
        _proposals,
        [
            _field("id", "integer", "Forslagets id"),
            _field("title", "string", "Tittel"),
            _field("matter", "string", "Saken forslaget gjelder"),
            _field("initiators", "string", "Forslagsstillerne, bare med samtykke"),
            _field(
                "channel",
                "string",
                "Kom inn via: minsak (minsak.no), paper (underskriftslister), other",
                constraints={"enum": [c.value for c in ProposalChannel]},
            ),
            _field("source_url", "string", "Forslaget på minsak.no"),
            _field("signatures", "integer", "Underskrifter i alt", constraints={"minimum": 0}),
            _field(
                "valid_signatures",
                "integer",
                "Gyldige underskrifter etter kommunens kontroll (tom: ikke kontrollert)",
                constraints={"minimum": 0},
            ),
            _field("submitted_on", "date", "Dato forslaget ble fremmet"),
            _field("state", "string", "Status", constraints={"enum": STATES}),
            _field("case_reference", "string", "Saksnummer i kommunestyret"),
            _field("decided_at", "datetime", "Behandlet (UTC)"),
            _field(
                "same_content",
                "boolean",
                "Samme innhold som et forslag behandlet i valgperioden (§ 12-1 tredje ledd)",
            ),
            _field("same_reason", "string", "Begrunnelsen for samme innhold"),
            _field("same_as_id", "integer", "Det tidligere forslagets id"),
        ],
        ["id"],
        [{"fields": ["same_as_id"], "reference": {"resource": "", "fields": ["id"]}}],
    ),
    (
        "proposal_moves",
        "Innbyggerforslagenes offentlige svar og statusendringer",
        _moves,
        [
            _field("id", "integer", "Endringens id"),
            _field("proposal_id", "integer", "Forslagets id"),
            _field("from_state", "string", "Fra status", constraints={"enum": STATES}),
            _field("to_state", "string", "Til status", constraints={"enum": STATES}),
            _field("answer", "string", "Kommunens offentlige svar"),
            _field("reference", "string", "Saksnummer i kommunestyret"),
            _field("created_at", "datetime", "Tidspunkt (UTC)"),
        ],
        ["id"],
        [{"fields": ["proposal_id"], "reference": {"resource": "proposals", "fields": ["id"]}}],
    ),
]
