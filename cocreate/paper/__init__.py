"""Paper that comes back: an A4 poster and a paper input form for a challenge, as PDF."""

from flask import Blueprint

bp = Blueprint("paper", __name__)
