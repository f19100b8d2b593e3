"""Measures of involvement effects (DESIGN.md §3): reference population, dashboard, survey."""

from flask import Blueprint

bp = Blueprint("metrics", __name__)
