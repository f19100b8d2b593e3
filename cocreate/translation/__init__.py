"""Content in both written standards (språklova): bokmål ↔ nynorsk with Apertium, made after the
commit by a job, shown to readers of the other standard, replaceable by staff (docs/translation.md).
"""

from flask import Blueprint

bp = Blueprint("translation", __name__)
