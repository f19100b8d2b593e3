"""Workshops (verksteder): live sessions without accounts whose notes join the idea pipeline."""

from flask import Blueprint

bp = Blueprint("workshops", __name__)
