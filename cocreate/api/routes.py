"""GET-only endpoints; lists are paginated with ?page=&per_page= (1–100)."""

from typing import Any

from flask import Response, abort, jsonify, request
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from ..archive.queries import answer_records, case_number_of, input_records
from ..challenges.models import Challenge
from ..challenges.queries import PUBLIC_PHASES, public_challenges
from ..extensions import csrf, db
from ..generation_cache import keep, lookup
from ..i18n import select_locale
from ..ideas.models import Idea, Visibility
from ..municipalities.models import Municipality
from ..pipeline.models import StageChange
from ..reference.models import Principle
from ..results.queries import valid_reference
from . import bp, serializers
from . import comparison as _comparison  # noqa: F401 - registers /comparison
from . import gallery as gallery_api
from . import places as _places  # noqa: F401 - the GeoJSON routes register on import
from . import proposals as proposal_api
from . import results as result_api
from . import search as _search  # noqa: F401 - registers /search
from .metrics import public_measures
from .openapi import openapi_document

MAX_PER_PAGE = 100
csrf.exempt(bp)


# Reads whose answer depends only on public rows: kept per page generation (generation_cache),
# so a repeated request is answered without a query beyond the generation's. The measures are
# not here: they follow the metrics snapshot, which does not move the generation.
KEPT_ENDPOINTS = frozenset(
    {
        "api.municipalities",
        "api.municipality",
        "api.municipality_challenges",
        "api.principles",
        "api.challenge",
        "api.challenge_ideas",
        "api.idea",
        "api.municipality_results",
        "api.result",
        "api.decision",
    }
)


def _kept_key() -> tuple[str, ...] | None:
    if request.method != "GET" or request.endpoint not in KEPT_ENDPOINTS:
        return None
    # The language is in the key: names of principles and stages follow it.
    return ("api", select_locale(), request.path, request.query_string.decode("latin-1"))


@bp.before_request
def _from_generation_cache() -> Response | None:
    key = _kept_key()
    kept = lookup(key) if key else None
    if kept is None:
        return None
    body, status = kept
    return Response(body, status, mimetype="application/json")


@bp.after_request
def _keep(response: Response) -> Response:
    key = _kept_key()
    kept_status = response.status_code in (200, 404) and response.mimetype == "application/json"
    if key and kept_status and not response.is_streamed:
        keep(key, (response.get_data(), response.status_code))
    return response


@bp.after_request
def _cors(response: Response) -> Response:
    """Anyone may read the open API from a browser (GET only, no credentials)."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, OPTIONS"
    response.headers["Vary"] = "Origin"
    return response


class BadParameter(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@bp.errorhandler(BadParameter)
def _bad_parameter(error: BadParameter):
    message = f"Ugyldig verdi for «{error.name}»: bruk et heltall fra 1 (per_page høyst 100)."
    return jsonify(error="Ugyldig forespørsel", message=message, status=400), 400


def _int_arg(name: str, default: int, maximum: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdecimal() or not 1 <= int(raw) <= maximum:
        raise BadParameter(name)
    return int(raw)


def _page(query: Select, serialize, many=None) -> Response:
    page = _int_arg("page", 1, 10**6)
    per_page = _int_arg("per_page", 20, MAX_PER_PAGE)
    result = db.paginate(query, page=page, per_page=per_page, error_out=False, count=True)
    # `many` serializes a whole page at once (figures read in one query for the page).
    items = many(result.items) if many else [serialize(item) for item in result.items]
    return jsonify(
        items=items,
        page=page,
        per_page=per_page,
        total=result.total,
        pages=result.pages,
    )


def _municipality(slug: str) -> Municipality:
    return db.session.scalar(select(Municipality).where(Municipality.slug == slug)) or abort(404)


def _public_challenge(challenge_id: int) -> Challenge:
    challenge = db.session.get(Challenge, challenge_id)
    if challenge is None or challenge.phase not in PUBLIC_PHASES:
        abort(404)
    return challenge


def _challenge_options(query: Select) -> Select:
    # public_challenges() already loads the municipality and principles for cards.
    return query.options(selectinload(Challenge.target_images), selectinload(Challenge.goals))


@bp.get("/openapi.json")
def openapi() -> Any:
    return jsonify(openapi_document())


@bp.get("/municipalities")
def municipalities():
    return _page(select(Municipality).order_by(Municipality.name), serializers.municipality)


@bp.get("/municipalities/<slug>")
def municipality(slug: str):
    return jsonify(serializers.municipality(_municipality(slug)))


@bp.get("/municipalities/<slug>/challenges")
def municipality_challenges(slug: str):
    query = _challenge_options(public_challenges(_municipality(slug).id))
    return _page(query, serializers.challenge)


@bp.get("/principles")
def principles():
    items = db.session.scalars(select(Principle).order_by(Principle.number))
    return jsonify(items=[serializers.principle(p) for p in items])


@bp.get("/challenges/<int:challenge_id>")
def challenge(challenge_id: int):
    challenge = _public_challenge(challenge_id)
    # The archive's case number, so a citizen can ask the municipality for innsyn.
    return jsonify(
        {**serializers.challenge(challenge), "case_number": case_number_of(challenge.id)}
    )


@bp.get("/challenges/<int:challenge_id>/ideas")
def challenge_ideas(challenge_id: int):
    challenge = _public_challenge(challenge_id)
    query = (
        select(Idea)
        .where(Idea.challenge_id == challenge.id, Idea.visibility == Visibility.published)
        .options(selectinload(Idea.author), selectinload(Idea.district))
        .order_by(Idea.created_at, Idea.id)
    )
    return _page(query, serializers.idea)


@bp.get("/ideas/<int:idea_id>")
def idea(idea_id: int):
    idea = db.session.get(Idea, idea_id)
    if idea is None or idea.visibility is not Visibility.published:
        abort(404)
    _public_challenge(idea.challenge_id)
    history = db.session.scalars(
        select(StageChange)
        .where(StageChange.idea_id == idea.id)
        .order_by(StageChange.created_at, StageChange.id)
    ).all()
    answers = answer_records(change.id for change in history)
    record = input_records([idea.id]).get(idea.id)
    numbers = {key: answer.journal_number for key, answer in answers.items()}
    data = serializers.idea(idea, history=list(history), journal_numbers=numbers)
    data["case_number"] = case_number_of(idea.challenge_id)
    data["journal_number"] = record.journal_number if record is not None else None
    return jsonify(data)


@bp.get("/municipalities/<slug>/metrics")
def municipality_metrics(slug: str):
    return jsonify(public_measures(_municipality(slug).id))


@bp.get("/challenges/<int:challenge_id>/metrics")
def challenge_metrics(challenge_id: int):
    challenge = _public_challenge(challenge_id)
    found = public_measures(challenge.municipality_id, challenge.id)
    if found is None:
        message = (
            "Tallene for denne utfordringen vises ikke offentlig: den har færre enn 10 deltakere."
        )
        return jsonify(error="Ikke offentlig", message=message, status=404), 404
    return jsonify(found)


@bp.get("/municipalities/<slug>/results")
def municipality_results(slug: str):
    query = result_api.public_results(_municipality(slug).id)
    return _page(query, None, many=result_api.many)


@bp.get("/results/<int:result_id>")
def result(result_id: int):
    found = result_api.public_result(result_id) or abort(404)
    return jsonify(result_api.detail(found))


@bp.get("/municipalities/<slug>/proposals")
def municipality_proposals(slug: str):
    query = proposal_api.public_proposals(_municipality(slug).id)
    return _page(query, None, many=proposal_api.many)


@bp.get("/proposals/<int:proposal_id>")
def proposal(proposal_id: int):
    found = proposal_api.public_proposal(proposal_id) or abort(404)
    return jsonify(proposal_api.detail(found))


@bp.get("/municipalities/<slug>/decision")
def decision(slug: str):
    municipality = _municipality(slug)
    reference = request.args.get("reference")
    if reference is None or not valid_reference(reference):
        message = "Oppgi vedtakets referanse (saksnummer) i «reference», høyst 300 tegn."
        return jsonify(error="Ugyldig forespørsel", message=message, status=400), 400
    return jsonify(result_api.decision(municipality.id, municipality.slug, reference))


@bp.get("/gallery")
def gallery():
    """Gjort i kommunene: inputs at gjort or skalert and done results of sharing municipalities."""
    wanted = gallery_api.gallery_filter(
        request.args, lambda name, maximum: _int_arg(name, 1, maximum)
    )
    page = _int_arg("page", 1, 10**6)
    per_page = _int_arg("per_page", 20, MAX_PER_PAGE)
    return jsonify(gallery_api.page(wanted, page, per_page))
