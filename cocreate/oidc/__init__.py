"""Verified log-in through OpenID Connect: ID-porten for residents, Entra ID for staff."""

from flask import Blueprint

bp = Blueprint("oidc", __name__)
