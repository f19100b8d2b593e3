"""Participatory budgeting in kroner: a challenge's budget, projects, ballots and paper codes."""

from flask import Blueprint

bp = Blueprint("budgeting", __name__)
