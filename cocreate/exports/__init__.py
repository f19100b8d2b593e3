"""Exports for admins (CSV, XLSX, JSON, streamed) and the public open-data package."""

from flask import Blueprint

bp = Blueprint("exports", __name__)
