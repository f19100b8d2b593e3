"""The Noark 5 archive: case and journal numbers, and the archive package (arkivuttrekk)."""

from flask import Blueprint

bp = Blueprint("archive", __name__)
