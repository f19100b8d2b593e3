"""Norwegian names and formulas for every figure on the dashboard (shown beside each figure)."""

from datetime import UTC, datetime

from flask_babel import format_date, format_time, to_user_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..accounts.models import Gender, label_of_age_band
from ..challenges.models import ParticipationLevel
from ..database import utcnow
from ..hearings.models import SENDER_KIND_LABELS
from ..ideas.models import Channel
from ..ideas.stages import Stage
from ..results.models import RESULT_STATUS_LABELS

DIMENSIONS = {
    "age_band": _l("Alder"),
    "gender": _l("Kjønn"),
    "district": _l("Bydel"),
}
# The two sources of representativeness, never added together (one person could be in both).
CHANNEL_SCOPES = {
    "web": _l("Innloggede deltakere med samtykket profil"),
    "workshop": _l("Innsjekk på verksted (anonyme svar)"),
}
TARGETS = {
    "first_answer": _l("Første offentlige svar"),
    "first_decided": _l("Besluttet"),
    "first_done": _l("Gjort"),
}
QUESTIONS = {
    "felt_heard": _l("Jeg følte meg hørt"),
    "understood": _l("Jeg forstår hva som skjedde med innspillene"),
    "would_return": _l("Jeg vil delta igjen"),
}
FOLLOWUP_QUESTIONS = {
    "made_difference": _l("Det gjorde en forskjell"),
    "in_use": _l("Det er i bruk"),
}
# The hearings' and results' own labels (one wording everywhere).
SENDER_KINDS = {kind.value: label for kind, label in SENDER_KIND_LABELS.items()}
RESULT_STATUSES = {status.value: label for status, label in RESULT_STATUS_LABELS.items()}

FORMULAS = {
    "participants": _l(
        "Antall ulike innloggede personer som sendte inn, støttet eller kommenterte. Oppmøte og "
        "innsjekk på verksted vises ved siden av og legges aldri til: de kan ikke skilles fra "
        "de innloggede."
    ),
    "reach": _l("Deltakere ÷ befolkningen i aldersgruppene som kan delta (referansebefolkningen)."),
    "representativeness": _l(
        "R = 1 − ½ Σ |p_g − q_g|, der p_g er deltakernes andel i gruppe g og q_g befolkningens "
        "andel. 1 betyr at deltakerne speiler befolkningen. Nøkkeltallet er den laveste R."
    ),
    "representation_score": _l(
        "min r_g ÷ max r_g, der r_g = deltakere i gruppe g ÷ befolkning i gruppe g (grupper under "
        "5 personer holdes utenfor)."
    ),
    "under_represented": _l("ρ_g = p_g ÷ q_g; under 0,8 betyr underrepresentert (pbl. § 5-1)."),
    "channels": _l("Andel av innspillene per kanal: nett, verksted og registrert av kommunen."),
    "funnel": _l(
        "Innspill som noen gang nådde hvert steg; overgang = n(steg) ÷ n(forrige steg); "
        "andel gjennomført = n(gjort eller skalert) ÷ n(hørt)."
    ),
    "closure": _l(
        "Innspill eldre enn 30 dager med minst ett offentlig svar ÷ innspill eldre enn 30 dager."
    ),
    "time_to_answer": _l(
        "Median og 90-persentil av dager fra innsending til første offentlige svar, til "
        "besluttet og til gjort. Ved siden av: innspill eldre enn 30 dager som ennå ikke har "
        "fått svar, og hvor gammelt det eldste ubesvarte er."
    ),
    "citation": _l("Innspill der et steg viser til en vedtaksreferanse ÷ alle innspill."),
    "reporting": _l(
        "Innspill i «besluttet» eller «utprøves» med et steg eller en oppdatering de siste 90 "
        "dagene ÷ alle slike innspill."
    ),
    "stalled": _l(
        "Innspill i hørt, vurdert, besluttet eller utprøves uten flytting, korrigering eller "
        "oppdatering på 90 dager (gjort står ikke stille)."
    ),
    "promise_kept": _l(
        "En avsluttet utfordring holder løftet når minst 90 % av innspillene har fått svar, og "
        "fra «involvere» og oppover minst ett innspill er besluttet eller kommet lenger. "
        "Andel avsluttede utfordringer som holder løftet."
    ),
    "inequality": _l(
        "Gini-koeffisienten av bidrag per deltaker (0 = alle bidrar like mye), og andelen av "
        "bidragene som kommer fra de mest aktive 10 %."
    ),
    "returning": _l(
        "Deltakere som har deltatt i minst 2 utfordringer ÷ deltakere; i et avgrenset utvalg "
        "telles bare aktivitet innenfor utvalget."
    ),
    "over_time": _l("Innspill, støtter, kommentarer og ulike deltakere per måned."),
    "survey": _l(
        "«Ble du hørt?»: gjennomsnitt (1–5) og fordeling av svarene per spørsmål. Vises "
        "offentlig bare med minst 5 svar."
    ),
    "followup": _l(
        "Effekt etter gjennomføring: 6–12 måneder etter at et innspill ble gjort, får de som "
        "sendte det inn eller støttet det, to spørsmål (1–5): om det gjorde en forskjell, og om "
        "det er i bruk. Gjennomsnitt og fordeling per spørsmål; vises bare med minst 5 svar."
    ),
    "hearings": _l(
        "Høringer som er sendt ut. Uttalelser per avsender (lovpålagte råd, organisasjoner, "
        "innbyggere); andel vurdert = vurderte uttalelser ÷ uttalelser; andel tatt til følge = "
        "(tatt til følge + delvis tatt til følge) ÷ vurderte. Uttalelser fra innbyggere er "
        "personer: de rundes til nærmeste 5 og skjules under 5."
    ),
    "hearing_days": _l(
        "Median av dager fra høringsfristen til merknadsbehandlingen ble satt sammen (datoen "
        "for merknadsbehandlingen − fristen), for høringer som har en merknadsbehandling."
    ),
    "results": _l("Tiltak per status: planlagt, under arbeid, gjennomført og stanset."),
    "results_days": _l(
        "Median av dager fra besluttet til gjennomført for gjennomførte tiltak: fra det første "
        "koblede innspillet ble flyttet til besluttet (eller lenger), eller fra tiltaket ble "
        "opprettet hvis ingen av innspillene er det, til tiltaket ble gjennomført."
    ),
    "proposals": _l(
        "Innbyggerforslag (kommuneloven § 12-1) fremmet i perioden: registrert, kvalifisert "
        "(gyldige underskrifter ≥ kravet: 2 % av innbyggerne, høyst 300 i en kommune og 500 i en "
        "fylkeskommune) og behandlet (vedtatt eller avslått). Forslag er ikke personer og vises "
        "som de er."
    ),
    "proposals_in_time": _l(
        "Behandlet innen fristen ÷ forslag som er behandlet eller har passert fristen (fremmet + "
        "6 måneder). Åpne forslag før fristen regnes ikke med."
    ),
    "proposals_days": _l(
        "Median av dager fra forslaget ble fremmet til kommunestyret behandlet det, for "
        "behandlede forslag."
    ),
    "budget_turnout": _l(
        "Valgdeltakelse = stemmer ÷ innbyggere i alderen som regnes med (som for rekkevidde), "
        "for budsjettavstemninger som er avsluttet. En stemme er en konto eller en kode på "
        "papir. Antall stemmer rundes til nærmeste 5 og skjules under 5."
    ),
    "budget_winners": _l(
        "Vinnende prosjekter etter regelen kommunen valgte: kostnad i kroner, stemmer (antall "
        "som valgte prosjektet, rundet til nærmeste 5 og skjult under 5) og andel = stemmer ÷ "
        "alle som stemte i den avstemningen."
    ),
    "results_linked": _l(
        "Innspill som er besluttet eller kommet lenger og har minst ett koblet tiltak ÷ innspill "
        "som er besluttet eller kommet lenger."
    ),
}


def stage_label(value: str) -> str:
    return Stage(value).label


def channel_label(value: str) -> str:
    return Channel(value).label


def level_label(value: str) -> str:
    return ParticipationLevel(value).label


def group_label(dimension: str, group: str) -> str:
    """A group as people read it («30–44 år», «Kvinne»), never the stored code."""
    if dimension == "gender" and group in Gender._value2member_map_:
        return Gender(group).label
    if dimension == "age_band":
        return label_of_age_band(group)
    return group


def as_of(computed_at: str) -> str:
    """When the figures were computed, in Norwegian time: «Tall per kl. 14:05.», with the date
    when that was not today."""
    moment = datetime.fromisoformat(computed_at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    time = format_time(moment, "HH:mm")
    if to_user_timezone(moment).date() == to_user_timezone(utcnow()).date():
        return _("Tall per kl. %(time)s.", time=time)
    return _("Tall per %(date)s kl. %(time)s.", date=format_date(moment, "long"), time=time)


def dated(computed_at: str) -> str:
    """When the figures were computed, always with the date (for the print view)."""
    moment = datetime.fromisoformat(computed_at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return _(
        "Tall per %(date)s kl. %(time)s.",
        date=format_date(moment, "long"),
        time=format_time(moment, "HH:mm"),
    )
