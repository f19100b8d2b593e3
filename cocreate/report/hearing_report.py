"""The medvirkningsrapport of a hearing: who gave statements (by kind of sender and channel),
what they said per section, the municipality's assessments (the merknadsbehandling), the
results that take statements up, and the promise of pbl § 5-2 that every statement is answered.
Representativeness is the dashboard's for the hearing's challenge, when it has one: a
statement carries no profile of its own."""

from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..database import utcnow
from ..extensions import db
from ..hearings.models import Assessment, Hearing, SenderKind, Statement, StatementChannel
from ..metrics.labels import dated
from ..metrics.measures_pipeline import promise_check
from ..metrics.scope import Scope, as_utc, ratio
from ..metrics.snapshots import dashboard_figures
from . import queries
from .document import Items, Paragraph, Report, Section, Table
from .figures import method_section, number, percent, representativeness_blocks, result_rows

EXAMPLES = 5
EXCERPT = 400

CHANNEL_LABELS = {
    StatementChannel.web: _l("På høringssiden"),
    StatementChannel.registered: _l("Brev eller e-post, registrert av kommunen"),
}
HEARING_FORMULAS = [
    _l(
        "Høringssvar: uttalelser som er vurdert ÷ alle uttalelser; (tatt til følge + delvis "
        "tatt til følge) ÷ vurderte; dager fra høringsfristen til merknadsbehandlingen; per "
        "type avsender."
    ),
    _l("Uttalelser per avsnitt: uttalelser om hele dokumentet telles for seg."),
]


def build_hearing_report(hearing: Hearing, language: str) -> Report:
    """The report in the language of the current locale (the caller forces it)."""
    hid = hearing.id
    kinds = dict(db.session.execute(queries.statements_by(hid, Statement.sender_kind)).all())
    assessments = dict(db.session.execute(queries.statements_by(hid, Statement.assessment)).all())
    total = sum(kinds.values())
    assessed = sum(n for key, n in assessments.items() if key is not None)
    adopted = assessments.get(Assessment.adopted, 0) + assessments.get(Assessment.partly, 0)
    figures = (
        dashboard_figures(Scope(hearing.municipality_id, challenge_id=hearing.challenge_id))
        if hearing.challenge_id is not None
        else None
    )
    as_of = dated(figures["computed_at"] if figures else utcnow().isoformat())
    facts = [
        (_("Kommune"), hearing.municipality.name),
        (_("Høring"), hearing.title),
        (_("Høringsperiode"), f"{_day(hearing.opens_on)} – {_day(hearing.deadline)}"),
    ]
    if hearing.challenge is not None:
        facts.append((_("Utfordring"), hearing.challenge.title))
    summary = _(
        "%(municipality)s sendte «%(title)s» på høring fra %(opens)s til %(deadline)s. "
        "Kommunen fikk %(n)s uttalelser: %(councils)s fra lovpålagte råd, %(organisations)s "
        "fra organisasjoner og %(residents)s fra innbyggere. %(assessed)s av dem er vurdert, "
        "og %(adopted)s er tatt helt eller delvis til følge.",
        municipality=hearing.municipality.name,
        title=hearing.title,
        opens=_day(hearing.opens_on),
        deadline=_day(hearing.deadline),
        n=number(total),
        councils=number(kinds.get(SenderKind.council, 0)),
        organisations=number(kinds.get(SenderKind.organisation, 0)),
        residents=number(kinds.get(SenderKind.resident, 0)),
        assessed=number(assessed),
        adopted=number(adopted),
    )
    return Report(
        language=language,
        title=_("Medvirkningsrapport: %(subject)s", subject=hearing.title),
        kind=_("Høring"),
        subject=hearing.title,
        municipality=hearing.municipality.name,
        as_of=as_of,
        summary=summary,
        facts=facts,
        sections=[
            _who(hearing, kinds, total),
            _representativeness(figures),
            _heard(hearing),
            _answered(hearing, assessments, total, assessed, adopted),
            _results(hearing),
            _promise(hearing, total, assessed),
            method_section(
                ["representativeness", "promise_kept"] if figures else [],
                [str(text) for text in HEARING_FORMULAS],
            ),
        ],
    )


def _day(value: date) -> str:
    return str(format_date(value, "long"))


def _who(hearing: Hearing, kinds: dict, total: int) -> Section:
    hid = hearing.id
    channels = dict(db.session.execute(queries.statements_by(hid, Statement.channel)).all())
    late = dict(db.session.execute(queries.statements_by(hid, Statement.late)).all())
    listed, sent = db.session.execute(queries.consultee_letters(hid)).one()
    return Section(
        _("Hvem deltok, og gjennom hvilke kanaler"),
        [
            Table(
                _("Uttalelser per type avsender"),
                [_("Avsender"), _("Uttalelser")],
                [[kind.label, number(kinds.get(kind, 0))] for kind in SenderKind]
                + [[_("I alt"), number(total)]],
            ),
            Table(
                _("Uttalelser per kanal"),
                [_("Kanal"), _("Uttalelser")],
                [[str(CHANNEL_LABELS[c]), number(channels.get(c, 0))] for c in StatementChannel],
            ),
            Paragraph(
                _(
                    "Kom etter fristen (tatt med og merket): %(late)s. Høringsinstanser på "
                    "listen: %(listed)s, høringsbrev sendt: %(sent)s.",
                    late=number(late.get(True, 0)),
                    listed=number(listed),
                    sent=number(sent),
                )
            ),
        ],
    )


def _representativeness(figures: dict[str, Any] | None) -> Section:
    if figures is None:
        return Section(
            _("Representativitet"),
            [
                Paragraph(
                    _(
                        "Høringen hører ikke til en utfordring. En høringsuttalelse har ingen "
                        "profil (alder, kjønn, bydel), så rapporten viser ingen tall for "
                        "representativitet."
                    )
                )
            ],
        )
    return Section(
        _("Representativitet"),
        [
            Paragraph(
                _(
                    "En høringsuttalelse har ingen profil. Tallene under gjelder utfordringen "
                    "høringen hører til."
                )
            ),
            *representativeness_blocks(figures),
        ],
    )


def _heard(hearing: Hearing) -> Section:
    rows = db.session.execute(queries.statements_by_section(hearing.id)).all()
    return Section(
        _("Hva vi hørte"),
        [
            Table(
                _("Uttalelser per avsnitt"),
                [_("Avsnitt"), _("Uttalelser")],
                [
                    [f"{number_} {heading}" if number_ else _("Hele dokumentet"), number(n)]
                    for number_, heading, n in rows
                ],
                empty=_("Ingen uttalelser ennå."),
            )
        ],
    )


def _answered(
    hearing: Hearing, assessments: dict, total: int, assessed: int, adopted: int
) -> Section:
    examples = db.session.scalars(queries.assessed_statements(hearing.id, EXAMPLES)).all()
    days = None
    if hearing.compiled_at is not None:
        deadline = as_utc(hearing.compiled_at).date()
        days = (deadline - hearing.deadline).days
    blocks: list[Paragraph | Table | Items] = [
        Table(
            _("Kommunens vurdering av uttalelsene"),
            [_("Vurdering"), _("Uttalelser")],
            [[a.label, number(assessments.get(a, 0))] for a in Assessment]
            + [[_("Ikke vurdert ennå"), number(assessments.get(None, 0))]],
        ),
        Paragraph(
            _(
                "Vurdert: %(assessed)s av %(n)s (%(share)s). Tatt helt eller delvis til følge: "
                "%(adopted)s av de vurderte (%(adopted_share)s).",
                assessed=number(assessed),
                n=number(total),
                share=percent(ratio(assessed, total)),
                adopted=number(adopted),
                adopted_share=percent(ratio(adopted, assessed)),
            )
        ),
        Paragraph(
            _("Merknadsbehandlingen er ikke satt sammen ennå.")
            if days is None
            else _("Dager fra høringsfristen til merknadsbehandlingen: %(days)s.", days=days)
        ),
    ]
    if examples:
        blocks.append(Paragraph(_("Eksempler fra merknadsbehandlingen:")))
        blocks.append(Items([_example(statement) for statement in examples]))
    return Section(_("Hva kommunen svarte"), blocks)


def _example(statement: Statement) -> str:
    # A resident is never named in the council's papers; organisations and councils are.
    sender = (
        statement.sender_name
        if statement.sender_kind is not SenderKind.resident and statement.sender_name
        else statement.sender_kind.label
    )
    said = statement.summary or statement.body
    assessment = statement.assessment.label if statement.assessment else ""
    return _(
        "%(sender)s: «%(said)s» – %(assessment)s. %(reason)s",
        sender=sender,
        said=_excerpt(said),
        assessment=assessment,
        reason=_excerpt(statement.reason),
    )


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def _results(hearing: Hearing) -> Section:
    rows = db.session.execute(queries.hearing_results(hearing)).all()
    return Section(
        _("Resultater og status"),
        [
            Table(
                _("Resultater som tar opp uttalelser fra høringen"),
                [_("Resultat"), _("Status"), _("Framdrift"), _("Koblede uttalelser")],
                result_rows([(result, linked) for result, linked in rows]),
                empty=_("Ingen resultater tar opp uttalelser fra høringen ennå."),
            )
        ],
    )


def _promise(hearing: Hearing, total: int, assessed: int) -> Section:
    kept = assessed == total
    blocks: list[Paragraph | Table | Items] = [
        Paragraph(
            _(
                "En høring lover å lytte og å svare: plan- og bygningsloven § 5-2 krever at "
                "hver uttalelse blir vurdert. Vurdert: %(assessed)s av %(n)s. Løftet holdt: "
                "%(kept)s.",
                assessed=number(assessed),
                n=number(total),
                kept=_("Ja") if kept else _("Nei"),
            )
        )
    ]
    challenge = hearing.challenge
    if challenge is not None:
        check = promise_check(challenge)
        blocks.append(
            Paragraph(
                _(
                    "Utfordringen «%(title)s» har medvirkningsnivået %(level)s: %(promise)s "
                    "Løftet holdt: %(kept)s.",
                    title=challenge.title,
                    level=challenge.level.label,
                    promise=challenge.level.promise,
                    kept=_("Ja") if check.kept else _("Nei"),
                )
            )
        )
    return Section(_("Løftet til innbyggerne (IAP2)"), blocks)
