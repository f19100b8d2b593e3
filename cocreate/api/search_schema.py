"""The OpenAPI description of GET /api/v1/search (cocreate/api/search.py)."""

from typing import Any

STR = {"type": "string"}
INT = {"type": "integer"}
STAGES = ["heard", "assessed", "decided", "piloting", "done", "scaled", "declined"]

HIT: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "type": {"enum": ["challenge", "idea", "answer", "workshop"]},
        "id": INT,
        "title": STR,
        "title_html": {
            **STR,
            "description": "Tittelen, HTML-escapet, med treffene i <mark>…</mark>",
        },
        "snippet_html": {**STR, "description": "Et utdrag, HTML-escapet, med <mark>…</mark>"},
        "municipality": STR,
        "challenge_id": INT,
        "idea_id": {"type": ["integer", "null"]},
        "stage": {"enum": [*STAGES, None]},
        "url": {"type": "string", "format": "uri"},
    },
}
HIT["required"] = list(HIT["properties"])
PARAMS = [
    {
        "name": "q",
        "in": "query",
        "required": True,
        "description": "Søkeord; norsk bøyning og skrivefeil tåles",
        "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\w"},
    },
    {
        "name": "municipality",
        "in": "query",
        "required": False,
        "description": "Kommunens slug; uten den søkes det i alle kommuner",
        "schema": {"type": "string", "pattern": "^[a-z0-9-]+$"},
    },
    {
        "name": "principle",
        "in": "query",
        "required": False,
        "description": "Veikartets prinsipp (nummer)",
        "schema": {"type": "integer", "minimum": 1, "maximum": 8},
    },
    {
        "name": "stage",
        "in": "query",
        "required": False,
        "description": "Bare innspill og svar på dette steget",
        "schema": {"enum": STAGES},
    },
    {
        "name": "type",
        "in": "query",
        "required": False,
        "schema": {"enum": ["challenge", "idea", "answer", "workshop"]},
    },
]
