"""Privacy (GDPR): privacy statements, "download my data", "delete my account", consent for
demographics, and the deletion of inactive accounts."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)
