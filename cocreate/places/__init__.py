"""Ideas on a map (issue 22 §4): a challenge may ask for a place, ideas carry a point."""

from flask import Blueprint

bp = Blueprint("places", __name__)
