"""Top-level pages that compose features: front page, about the roadmap, language, health."""

from flask import Blueprint

bp = Blueprint("site", __name__)
