"""The OpenAPI 3 description of /api/v1; tests validate every response against it."""

from typing import Any

from . import search_schema

STR = {"type": "string"}
NSTR = {"type": ["string", "null"]}
INT = {"type": "integer"}
DATE = {"type": ["string", "null"], "format": "date"}
DATETIME = {"type": ["string", "null"], "format": "date-time"}
LOCALISED = {
    "type": "object",
    "required": ["nb", "nn", "en"],
    "properties": {"nb": STR, "nn": STR, "en": STR},
    "additionalProperties": False,
}
STAGES = ["heard", "assessed", "decided", "piloting", "done", "scaled", "declined"]


def _obj(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": list(properties),
        "properties": properties,
        "additionalProperties": False,
    }


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


SCHEMAS: dict[str, Any] = {
    "Error": _obj({"error": STR, "message": STR, "status": INT}),
    "Municipality": _obj(
        {
            "slug": STR,
            "name": STR,
            "number": {"type": "string", "pattern": "^[0-9]{2}([0-9]{2})?$"},
            "kind": {"enum": ["kommune", "fylkeskommune"]},
            "is_demo": {"type": "boolean"},
            "url": {"type": "string", "format": "uri"},
        }
    ),
    "Principle": _obj(
        {
            "number": {"type": "integer", "minimum": 1, "maximum": 8},
            "slug": STR,
            "name": LOCALISED,
            "description": LOCALISED,
        }
    ),
    "Challenge": _obj(
        {
            "id": INT,
            "municipality": STR,
            "title": STR,
            "description_html": STR,
            "phase": {"enum": ["open", "assessing", "concluded"]},
            "participation_level": {
                "enum": ["informere", "konsultere", "involvere", "samarbeide", "medbestemme"]
            },
            "principles": {"type": "array", "items": INT, "minItems": 1},
            "target_images": {"type": "array", "items": STR},
            "goals": {"type": "array", "items": INT},
            "opens_on": DATE,
            "closes_on": DATE,
            "published_at": DATETIME,
            "concluded_at": DATETIME,
            "summary_html": NSTR,
        }
    ),
    "StageChange": _obj(
        {
            "from": {"enum": STAGES},
            "to": {"enum": STAGES},
            "kind": {
                "enum": ["move", "correction", "progress"],
                "description": (
                    "move: a new stage; correction: a new answer at the same stage that replaces "
                    "the shown one (the earlier answer stays in the history); progress: a dated "
                    "note on work under way, not an answer"
                ),
            },
            "answer": STR,
            "reference": NSTR,
            "answered_by": _obj(
                {"role": {"enum": ["facilitator", "admin", "case_officer"]}, "unit": STR}
            ),
            "expected_on": {
                **DATE,
                "description": (
                    "A provisional answer (a progress update): the date the answer can be "
                    "expected; null otherwise"
                ),
            },
            "at": {"type": "string", "format": "date-time"},
        }
    ),
}
_IDEA_FIELDS = {
    "id": INT,
    "challenge_id": INT,
    "title": STR,
    "body": STR,
    "author": {"type": ["string", "null"], "description": "Public name or 'Innbygger'"},
    "channel": {"enum": ["web", "workshop", "registered"]},
    "stage": {"enum": STAGES},
    "district": NSTR,
    "supports": INT,
    "workshop_votes": INT,
    "comments": INT,
    "created_at": {"type": "string", "format": "date-time"},
    "first_answered_at": DATETIME,
}
NUM = {"type": ["number", "null"]}
SCHEMAS["Metrics"] = _obj(
    {
        "published_panels": {"type": "array", "items": STR},
        "computed_at": STR,
        "measures": {
            "type": "array",
            "items": _obj(
                {
                    "measure": STR,
                    "value": NUM,
                    "numerator": NUM,
                    "denominator": NUM,
                }
            ),
        },
        "figures": {
            "type": "object",
            "properties": {
                "followup": _ref("FollowUpFigures"),
                "hearings": _ref("HearingFigures"),
                "results": _ref("ResultFigures"),
                "proposals": _ref("ProposalFigures"),
            },
            "description": (
                "Tallene slik den offentlige siden viser dem (de publiserte panelene). Antall "
                "personer er rundet til nærmeste 5; null er skjult: færre enn 5, eller skjult "
                "for at en liten gruppe ikke skal kunne regnes ut (docs/metrics.md)."
            ),
        },
        "disclosure": _obj(
            {
                "k": INT,
                "rounding_base": INT,
                "public_min_participants": INT,
                "scope": NSTR,
                "hidden": STR,
            }
        ),
    }
)
NINT = {"type": ["integer", "null"]}
SCHEMAS["FollowUpFigures"] = _obj(
    {
        "responses": NINT,
        "questions": {
            "type": "array",
            "items": _obj(
                {
                    "question": {"enum": ["made_difference", "in_use"]},
                    "mean": NUM,
                    "distribution": {"type": "array", "items": NINT, "minItems": 5, "maxItems": 5},
                }
            ),
        },
        "shown": {"type": "boolean"},
        "state": {"enum": ["none", "fewer_than_k", "shown", "hidden"]},
    }
)
SCHEMAS["HearingFigures"] = _obj(
    {
        "hearings": INT,
        "compiled": INT,
        "compile_days_median": NUM,
        "statements": NINT,
        "assessed": NINT,
        "adopted": NINT,
        "assessed_share": NUM,
        "adopted_share": NUM,
        "kinds": {
            "type": "array",
            "items": _obj(
                {
                    "kind": {"enum": ["council", "organisation", "resident"]},
                    "statements": NINT,
                    "assessed": NINT,
                    "adopted": NINT,
                    "assessed_share": NUM,
                    "adopted_share": NUM,
                }
            ),
        },
    }
)
SCHEMAS["ResultFigures"] = _obj(
    {
        "results": INT,
        "by_status": {
            "type": "array",
            "items": _obj(
                {"status": {"enum": ["planned", "under_way", "done", "stopped"]}, "results": INT}
            ),
        },
        "done": INT,
        "median_days_to_done": NUM,
        "inputs_acted_on": INT,
        "inputs_with_result": INT,
        "linked_share": NUM,
    }
)
SCHEMAS["ProposalFigures"] = _obj(
    {
        "registered": INT,
        "qualified": INT,
        "decided": INT,
        "due": INT,
        "decided_in_time": INT,
        "in_time_share": NUM,
        "median_days_to_decision": NUM,
        "threshold": NINT,
    }
)
SCHEMAS["Idea"] = _obj(_IDEA_FIELDS)
CASE_NUMBER = {
    "type": ["string", "null"],
    "description": "Saksnummer i kommunens arkiv (år/nummer); oppgi det når du ber om innsyn",
}
JOURNAL_NUMBER = {
    "type": ["string", "null"],
    "description": "Journalnummer i kommunens arkiv (år/nummer, eventuelt -dokumentnummer)",
}
SCHEMAS["ChallengeDetail"] = _obj(
    {**SCHEMAS["Challenge"]["properties"], "case_number": CASE_NUMBER}
)
SCHEMAS["ArchivedStageChange"] = _obj(
    {**SCHEMAS["StageChange"]["properties"], "journal_number": JOURNAL_NUMBER}
)
SCHEMAS["IdeaWithHistory"] = _obj(
    {
        **_IDEA_FIELDS,
        "case_number": CASE_NUMBER,
        "journal_number": JOURNAL_NUMBER,
        "history": {"type": "array", "items": _ref("ArchivedStageChange")},
    }
)

# Results (tiltak): what the municipality does in answer to inputs and hearing statements.
RESULT_STATUSES = ["planned", "under_way", "done", "stopped"]
KRONER = {"type": ["integer", "null"], "minimum": 0, "description": "Hele kroner"}
SCHEMAS["Result"] = _obj(
    {
        "id": INT,
        "municipality": STR,
        "challenge_id": INT,
        "title": STR,
        "description_html": STR,
        "department": {**NSTR, "description": "Ansvarlig enhet"},
        "cost_estimate": KRONER,
        "actual_cost": KRONER,
        "decision_reference": {**NSTR, "description": "Vedtakets saksnummer"},
        "progress": {"type": "integer", "minimum": 0, "maximum": 100},
        "status": {"enum": RESULT_STATUSES},
        "stop_reason": {**NSTR, "description": "Hvorfor tiltaket er stanset (bare ved stans)"},
        "inputs": {**INT, "description": "Antall offentlige innspill tiltaket svarer på"},
        "created_at": {"type": "string", "format": "date-time"},
        "done_at": DATETIME,
        "url": {"type": "string", "format": "uri"},
    }
)
SCHEMAS["ResultDetail"] = _obj(
    {
        **SCHEMAS["Result"]["properties"],
        "idea_ids": {"type": "array", "items": INT},
        "statement_ids": {"type": "array", "items": INT},
        "milestones": {
            "type": "array",
            "items": _obj({"title": STR, "due_on": {**DATE, "type": "string"}, "done_on": DATE}),
        },
        "updates": {
            "type": "array",
            "items": _obj(
                {
                    "progress": {"type": "integer", "minimum": 0, "maximum": 100},
                    "status": {"enum": RESULT_STATUSES},
                    "note": STR,
                    "at": {"type": "string", "format": "date-time"},
                }
            ),
        },
    }
)
PROPOSAL_STATES = ["registered", "in_treatment", "adopted", "rejected"]
SCHEMAS["Proposal"] = _obj(
    {
        "id": INT,
        "municipality": STR,
        "title": STR,
        "matter": STR,
        "initiators": {**NSTR, "description": "Forslagsstillernes navn, bare med samtykke"},
        "channel": {"enum": ["minsak", "paper", "other"]},
        "source_url": {**NSTR, "description": "Forslaget på minsak.no"},
        "signatures": INT,
        "valid_signatures": {"type": ["integer", "null"], "description": "Etter kontroll"},
        "threshold": {
            "type": ["integer", "null"],
            "description": "min(⌈2 % av folketallet⌉, 300 (kommune) / 500 (fylkeskommune))",
        },
        "reaches_threshold": {"type": ["boolean", "null"]},
        "submitted_on": {"type": "string", "format": "date", "description": "Fremmet"},
        "deadline": {"type": "string", "format": "date", "description": "Fremmet + 6 måneder"},
        "state": {"enum": PROPOSAL_STATES},
        "answer": {**NSTR, "description": "Kommunens siste offentlige svar"},
        "case_reference": {**NSTR, "description": "Saksnummer i kommunestyret"},
        "decided_at": DATETIME,
        "decided_in_time": {"type": ["boolean", "null"]},
        "same_content": {"type": "boolean"},
        "same_reason": NSTR,
        "same_as_id": {"type": ["integer", "null"]},
        "url": {"type": "string", "format": "uri"},
    }
)
SCHEMAS["ProposalDetail"] = _obj(
    {
        **SCHEMAS["Proposal"]["properties"],
        "history": {
            "type": "array",
            "items": _obj(
                {
                    "from_state": {"enum": PROPOSAL_STATES},
                    "to_state": {"enum": PROPOSAL_STATES},
                    "answer": STR,
                    "reference": NSTR,
                    "at": {"type": "string", "format": "date-time"},
                }
            ),
        },
    }
)
SCHEMAS["GalleryEntry"] = _obj(
    {
        "kind": {"enum": ["idea", "result"]},
        "id": INT,
        "title": STR,
        "municipality": STR,
        "municipality_name": STR,
        "challenge_id": INT,
        "stage": {
            "enum": ["done", "scaled", None],
            "description": "Innspillets steg (tiltak: null)",
        },
        "reached_at": {"type": "string", "format": "date-time", "description": "Gjort (UTC)"},
        "principles": {"type": "array", "items": INT},
        "target_images": {"type": "array", "items": INT},
        "goals": {"type": "array", "items": INT},
        "cost": {"type": ["integer", "null"], "description": "Kostnad i kroner (tiltak)"},
        "supporters": {
            "type": ["integer", "null"],
            "description": "Innbyggere som sto bak (innsender og støttespillere), rundet til "
            "nærmeste 5; null: færre enn 5",
        },
        "adoptions": {**INT, "description": "Antall kommuner som har tatt løsningen i bruk"},
        "adopted_by": {"type": "array", "items": STR},
        "url": {"type": "string", "format": "uri"},
    }
)


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


GALLERY_PARAMS = [
    _query("principle", {"type": "integer", "minimum": 1, "maximum": 100}, "Prinsippets nummer"),
    _query("target_image", {"type": "integer", "minimum": 1, "maximum": 100}, "Målbildets nummer"),
    _query("goal", {"type": "integer", "minimum": 1, "maximum": 100}, "Bærekraftsmålets nummer"),
    _query("municipality", {"type": "string", "pattern": "^[a-z0-9-]+$"}, "Kommunens slug"),
    _query("county", {"type": "string", "pattern": "^[0-9]{2}$"}, "Fylkesnummer (2 sifre)"),
    _query(
        "size",
        {"enum": ["under-5000", "5000-20000", "20000-50000", "50000-100000", "over-100000"]},
        "Kommunestørrelse (innbyggere)",
    ),
    _query("year", {"type": "integer", "minimum": 1, "maximum": 9999}, "Året løsningen ble gjort"),
    _query("q", {"type": "string", "maxLength": 100}, "Søk i tittel og tekst"),
    _query("sort", {"enum": ["newest", "adoptions"]}, "Nyeste først, eller mest tatt i bruk"),
]
OUTCOME = {
    "enum": ["took_up", "partly", "declined", "noted"],
    "description": "took_up: tatt til følge; partly: delvis; declined: ikke tatt til følge; "
    "noted: til orientering",
}
SCHEMAS["Decision"] = _obj(
    {
        "municipality": STR,
        "reference": STR,
        "result_ids": {"type": "array", "items": INT},
        "inputs": {
            "type": "array",
            "items": _obj(
                {
                    "idea_id": INT,
                    "title": STR,
                    "stage": {"enum": STAGES},
                    "outcome": OUTCOME,
                    "result_ids": {"type": "array", "items": INT},
                    "answer": {**NSTR, "description": "Kommunens viste svar på innspillet"},
                    "answered_at": DATETIME,
                }
            ),
        },
        "statements": {
            "type": "array",
            "items": _obj(
                {
                    "statement_id": INT,
                    "hearing_id": INT,
                    "sender": {**NSTR, "description": "Avsenderens navn; null er anonym"},
                    "sender_kind": {"enum": ["council", "organisation", "resident"]},
                    "outcome": OUTCOME,
                    "assessment": {
                        "enum": ["adopted", "partly", "not_adopted", "noted", None],
                    },
                    "reason": NSTR,
                    "result_ids": {"type": "array", "items": INT},
                }
            ),
        },
    }
)


SCHEMAS["SearchHit"] = search_schema.HIT

SHARE = {"type": ["number", "null"], "minimum": 0, "maximum": 1}
SIZE_BANDS = ["under-5000", "5000-19999", "20000-49999", "50000-99999", "100000-", "ukjent"]
SCHEMAS["ComparisonRow"] = _obj(
    {
        "municipality": STR,
        "name": STR,
        "number": STR,
        "population": {"type": ["integer", "null"]},
        "size_band": {"type": "string", "enum": SIZE_BANDS},
        "suppressed": {"type": "boolean"},
        "closure": SHARE,
        "median_days": {"type": ["number", "null"], "minimum": 0},
        "yield": SHARE,
        "promise_kept": SHARE,
        "representativeness": SHARE,
        "stalled": SHARE,
    }
)
SCHEMAS["Comparison"] = _obj(
    {
        "year": {"type": ["integer", "null"]},
        "principle": {"type": ["integer", "null"]},
        "items": {"type": "array", "items": _ref("ComparisonRow")},
    }
)
COMPARISON_PARAMS = [
    {
        "name": "year",
        "in": "query",
        "required": False,
        "description": "Kalenderår (UTC) innspillene ble sendt inn; ikke sammen med principle",
        "schema": {"type": "integer", "minimum": 2000, "maximum": 2100},
    },
    {
        "name": "principle",
        "in": "query",
        "required": False,
        "description": "Prinsippets id (se /principles); ikke sammen med year",
        "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
    },
]


def _page_of(name: str) -> dict[str, Any]:
    return _obj(
        {
            "items": {"type": "array", "items": _ref(name)},
            "page": INT,
            "per_page": INT,
            "total": INT,
            "pages": INT,
        }
    )


PAGE_PARAMS = [
    {
        "name": "page",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": 1000000},
    },
    {
        "name": "per_page",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": 100},
    },
]


def _path_param(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


SLUG = _path_param("slug", {"type": "string", "pattern": "^[a-z0-9-]+$"})
ID = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
CHALLENGE_ID = _path_param("challenge_id", ID)
IDEA_ID = _path_param("idea_id", ID)
RESULT_ID = _path_param("result_id", ID)
PROPOSAL_ID = _path_param("proposal_id", ID)
REFERENCE = {
    "name": "reference",
    "in": "query",
    "required": True,
    "description": "Vedtakets referanse (saksnummer), for eksempel 2026/123",
    "schema": {"type": "string", "minLength": 1, "maxLength": 300},
}


def _get(
    summary: str, schema: dict[str, Any], params: list | None = None, not_found: bool = True
) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {"description": "OK", "content": {"application/json": {"schema": schema}}},
    }
    if params and any(p["in"] == "query" for p in params):
        responses["400"] = _error("Ugyldig parameter")
    if not_found:
        responses["404"] = _error("Finnes ikke")
    return {"get": {"summary": summary, "parameters": params or [], "responses": responses}}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


POSITION = {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}
PLACES = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": _obj(
                {
                    "type": {"const": "Feature"},
                    "geometry": _obj({"type": {"const": "Point"}, "coordinates": POSITION}),
                    "properties": _obj(
                        {
                            "idea_id": INT,
                            "title": {"type": "string"},
                            "stage": {"type": "string"},
                            "stage_label": {"type": "string"},
                            "challenge_id": INT,
                            "place": NSTR,
                            "url": {"type": "string"},
                        }
                    ),
                }
            ),
        },
    },
}


def _geojson(summary: str, params: list) -> dict[str, Any]:
    content = {"application/geo+json": {"schema": PLACES}}
    responses = {"200": {"description": "GeoJSON", "content": content}}
    return {
        "get": {
            "summary": summary,
            "description": "Punkter som [lengdegrad, breddegrad] (WGS 84), avrundet for "
            "personvern der utfordringen sier det.",
            "parameters": params,
            "responses": {**responses, "404": _error("Finnes ikke")},
        }
    }


def openapi_document() -> dict[str, Any]:
    paths = {
        "/municipalities": _get("Kommuner", _page_of("Municipality"), PAGE_PARAMS, False),
        "/municipalities/{slug}": _get("Én kommune", _ref("Municipality"), [SLUG]),
        "/municipalities/{slug}/challenges": _get(
            "Kommunens offentlige utfordringer", _page_of("Challenge"), [SLUG, *PAGE_PARAMS]
        ),
        "/principles": _get(
            "Veikartets åtte prinsipper",
            _obj({"items": {"type": "array", "items": _ref("Principle")}}),
            None,
            False,
        ),
        "/challenges/{challenge_id}": _get(
            "Én utfordring", _ref("ChallengeDetail"), [CHALLENGE_ID]
        ),
        "/challenges/{challenge_id}/ideas": _get(
            "Publiserte innspill i en utfordring", _page_of("Idea"), [CHALLENGE_ID, *PAGE_PARAMS]
        ),
        "/ideas/{idea_id}": _get(
            "Ett innspill med offentlig historikk", _ref("IdeaWithHistory"), [IDEA_ID]
        ),
        "/municipalities/{slug}/metrics": _get(
            "Effektmål kommunen har publisert (grupper under 5 vises aldri)",
            _ref("Metrics"),
            [SLUG],
        ),
        "/challenges/{challenge_id}/metrics": _get(
            "Effektmål for én utfordring med minst 10 deltakere (kommunens publiserte paneler); "
            "404 for en utfordring med færre",
            _ref("Metrics"),
            [CHALLENGE_ID],
        ),
        "/municipalities/{slug}/results": _get(
            "Kommunens resultater (tiltak) med fremdrift og status",
            _page_of("Result"),
            [SLUG, *PAGE_PARAMS],
        ),
        "/results/{result_id}": _get(
            "Ett resultat med milepæler, oppdateringer og innspillene og høringsuttalelsene det "
            "svarer på",
            _ref("ResultDetail"),
            [RESULT_ID],
        ),
        "/municipalities/{slug}/proposals": _get(
            "Kommunens innbyggerforslag (kommuneloven § 12-1) med frist og vedtak; uten "
            "underskrivere og kontaktadresser",
            _page_of("Proposal"),
            [SLUG, *PAGE_PARAMS],
        ),
        "/proposals/{proposal_id}": _get(
            "Ett innbyggerforslag med offentlig historikk",
            _ref("ProposalDetail"),
            [PROPOSAL_ID],
        ),
        "/gallery": _get(
            "Gjort i kommunene: innspill som er gjort eller skalert og gjennomførte tiltak i "
            "kommunene som deler, med kommunene som har tatt dem i bruk",
            _page_of("GalleryEntry"),
            [*GALLERY_PARAMS, *PAGE_PARAMS],
            not_found=False,
        ),
        "/municipalities/{slug}/decision": _get(
            "Sporet av et vedtak: offentlige innspill og høringsuttalelser vedtaket tok til "
            "følge, delvis tok til følge eller ikke tok til følge, med svarene",
            _ref("Decision"),
            [SLUG, REFERENCE],
        ),
        "/challenges/{challenge_id}/places": _geojson(
            "Publiserte innspill med sted i en utfordring (GeoJSON FeatureCollection)",
            [CHALLENGE_ID],
        ),
        "/municipalities/{slug}/places": _geojson(
            "Publiserte innspill med sted i kommunens offentlige utfordringer (GeoJSON)", [SLUG]
        ),
        "/search": _get(
            "Søk i offentlige utfordringer, innspill, svar og verksteder, best treff først",
            _page_of("SearchHit"),
            [*search_schema.PARAMS, *PAGE_PARAMS],
        ),
        "/comparison": _get(
            "Nøkkeltall for kommunene som deler, side om side: tilbakemelding, median dager til "
            "svar, andel gjennomført, løfte holdt, laveste representativitet og andel som står "
            "stille; alle null (suppressed) der kommunen har færre enn 5 deltakere. 404 for et "
            "prinsipp som ikke finnes, og for year og principle sammen (ikke en publisert "
            "avgrensning)",
            _ref("Comparison"),
            COMPARISON_PARAMS,
        ),
        "/municipalities/{slug}/datapackage.zip": {
            "get": {
                "summary": "Åpne data: anonymisert Frictionless Data Package (zip), NLOD 2.0",
                "description": (
                    "Tekstceller som begynner med =, +, -, @, tabulator eller linjeskift får en "
                    "apostrof foran, så regneark ikke kjører dem som formler. Fjern én ledende "
                    "apostrof for å få teksten tilbake (se feltbeskrivelsene)."
                ),
                "parameters": [SLUG],
                "responses": {
                    "200": {
                        "description": "Zip med datapackage.json og CSV-filer",
                        "content": {
                            "application/zip": {"schema": {"type": "string", "format": "binary"}}
                        },
                    },
                    "404": _error("Finnes ikke"),
                },
            }
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Samskap API",
            "version": "1.0.0",
            "description": "Åpent, skrivebeskyttet API: utfordringer, innspill og hva som ble "
            "gjort med dem. Data under NLOD 2.0.",
            "license": {"name": "NLOD 2.0", "url": "https://data.norge.no/nlod/no/2.0"},
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {"schemas": SCHEMAS},
    }
